"""Claims of the worker memory page (F7), checked against what the build printed.

The page starts a ``LocalCluster`` of two ``"auto"`` workers, then one worker
of 1 GiB that it fills with 128 MiB of data at each step until it spills,
then (in the exercise) one worker large enough to keep all of it in memory.
The readings come from the English page's captured output; the thresholds
are compared with the defaults of the installed ``distributed``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import output

PAGE = "06_distributed/plot_06_worker_memory"
UNITS = {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
SIZE = r"([\d.]+ (?:B|KiB|MiB|GiB|TiB))"  # as daskgallery.system.human_size writes
NAMES = ("target", "spill", "pause", "terminate")
LIMIT_MIB = 1024  # the memory_limit of the page's worker that spills
STEP_MIB = 128
COLUMNS = ("held", "process", "managed", "unmanaged", "spilled")
HEADER = re.compile(r"^\s*" + r"\s+".join(COLUMNS) + r"\s*$")


def to_bytes(size: str) -> float:
    value, unit = size.split()
    return float(value) * UNITS[unit]


def rounding(size: str) -> float:
    """How far the printed size may be from the true one (one decimal)."""
    unit = size.split()[1]
    return 0.5 if unit == "B" else 0.05 * UNITS[unit]


def installed_defaults() -> dict[str, float]:
    """The memory thresholds in the distributed.yaml of the installed package."""
    import distributed
    import yaml

    path = Path(distributed.__file__).parent / "distributed.yaml"
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    memory = config["distributed"]["worker"]["memory"]
    return {name: float(memory[name]) for name in NAMES}


def thresholds(out: str) -> dict[str, tuple[float, float]]:
    """{name: (fraction, MiB for a worker of 1 GiB)} as the page printed them."""
    pattern = r"^(target|spill|pause|terminate)\s+([\d.]+)\s+(\d+) MiB$"
    found = {
        m.group(1): (float(m.group(2)), float(m.group(3)))
        for m in re.finditer(pattern, out, re.M)
    }
    assert set(found) == set(NAMES), f"thresholds printed: {sorted(found)}"
    return found


def tables(out: str) -> list[list[dict[str, float]]]:
    """Each table that memory_table printed, as rows of {column: MiB}."""
    result: list[list[dict[str, float]]] = []
    rows = None
    for line in out.splitlines():
        if HEADER.match(line):
            rows = []
            result.append(rows)
        elif rows is not None and re.fullmatch(r"\s*(\d+\s+){4}\d+\s*", line):
            rows.append(dict(zip(COLUMNS, map(float, line.split()), strict=True)))
        else:
            rows = None
    return result


@pytest.fixture(scope="module")
def out(site) -> str:
    return output(PAGE)


def test_auto_gives_each_worker_memory_times_threads_over_cores(out):
    limits = re.findall(rf"^worker \d+: memory_limit {SIZE}$", out, re.M)
    assert len(limits) == 2, "one line per worker of the 'auto' cluster"
    machine = re.search(rf"^MEMORY_LIMIT: {SIZE}, CPU_COUNT: (\d+)$", out, re.M)
    memory, cores = machine.group(1), int(machine.group(2))
    share = re.search(rf"^MEMORY_LIMIT / CPU_COUNT: {SIZE}$", out, re.M).group(1)
    error = rounding(share) + rounding(memory) / cores
    assert abs(to_bytes(share) - to_bytes(memory) / cores) <= error
    for limit in limits:  # one thread each: the memory over the cores
        assert abs(to_bytes(limit) - to_bytes(share)) <= rounding(share), limit


def test_thresholds_are_the_installed_defaults(out):
    printed = thresholds(out)
    for name, default in installed_defaults().items():
        fraction, mib = printed[name]
        assert fraction == pytest.approx(default, abs=0.005), name
        assert mib == pytest.approx(default * LIMIT_MIB, abs=1), name
    fractions = [printed[name][0] for name in NAMES]
    assert fractions == sorted(fractions)  # target < spill < pause < terminate


def test_worker_spills_once_the_data_passes_target(out):
    limits = {
        name: fraction * LIMIT_MIB for name, (fraction, _) in thresholds(out).items()
    }
    steps = tables(out)[0]
    assert [row["held"] for row in steps] == [STEP_MIB * i for i in range(7)]
    for row in steps:
        # process = managed + unmanaged (each rounded to the MiB)
        assert row["process"] == pytest.approx(row["managed"] + row["unmanaged"], abs=1)
        # managed memory never passes target: the rest is on disk
        assert row["managed"] <= limits["target"] + 1, row
        assert row["process"] < limits["pause"], row  # never near a pause
        if row["held"] < limits["target"] and row["process"] < limits["spill"]:
            assert row["spilled"] == 0, row  # all of it in memory
            assert row["managed"] == pytest.approx(row["held"], abs=1), row
        if row["held"] > limits["target"]:
            assert row["spilled"] > 0, row
    spilling = [row["spilled"] for row in steps if row["spilled"] > 0]
    assert len(spilling) >= 2, "the data passes target in two steps or more"
    assert spilling == sorted(spilling)  # the data on disk grows
    assert spilling[-1] > spilling[0]
    assert steps[1]["spilled"] == 0  # the first step fits
    # unmanaged memory (the worker process itself) stays about the same
    unmanaged = [row["unmanaged"] for row in steps]
    assert max(unmanaged) - min(unmanaged) < 32, unmanaged


def test_worker_never_paused(out):
    assert re.search(r"^pauses: 0$", out, re.M)


def test_exercise_limit_keeps_all_data_in_memory(out):
    printed = thresholds(out)
    steps, answer = tables(out)
    data, unmanaged = steps[-1]["held"], steps[0]["unmanaged"]
    found = re.search(r"^needed: (\d+) MiB, memory_limit: (\d+) MiB$", out, re.M)
    needed, limit = map(float, found.groups())
    expected = max(
        data / printed["target"][0], (data + unmanaged) / printed["spill"][0]
    )
    assert needed == pytest.approx(expected, abs=2)
    assert limit == pytest.approx(1.1 * needed, abs=1)
    assert needed > LIMIT_MIB  # the worker of the steps was too small
    assert len(answer) == 1
    assert answer[0]["held"] == data
    assert answer[0]["spilled"] == 0
    assert answer[0]["managed"] == pytest.approx(data, abs=1)
