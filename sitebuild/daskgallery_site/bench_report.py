"""What a build benchmark reports, read from a build's output and records.

``daskgallery_site.bench`` runs the builds; this module turns what each build
printed, its logs and sphinx-gallery's records into the report, and checks
the targets. Nothing here builds or depends on the build script's internals:
it reads Sphinx's and sphinx-gallery's own lines and files.
"""

from __future__ import annotations

import json
import platform
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = [
    "TARGETS",
    "BenchError",
    "Build",
    "check_targets",
    "cpu_model",
    "executed_counts",
    "executed_examples",
    "phase_spans",
    "print_summary",
    "summarize",
    "versions",
]

EXECUTED = re.compile(r"Sphinx-Gallery successfully executed (\d+) out of (\d+)")
SKIPPED = re.compile(r"after excluding (\d+) files? that had previously been run")
#: Seconds, on 2 cores at the default scale (``DASKGALLERY_SCALE=small``).
TARGETS = {"cold": 600.0, "no_change": 60.0, "one_change": 90.0}
VERSIONS = (
    "sphinx",
    "sphinx-gallery",
    "pydata-sphinx-theme",
    "myst-nb",
    "sphinx-notfound-page",
    "dask",
    "distributed",
    "numpy",
    "pandas",
    "matplotlib",
)


class BenchError(RuntimeError):
    """A build failed, or its output cannot be read."""


def executed_counts(log: str) -> tuple[int, int, int]:
    """``(executed, of, skipped)`` from sphinx-gallery's lines in a build log.

    ``of`` counts the examples sphinx-gallery had to run (new or changed),
    ``skipped`` those it did not (unchanged since they last ran).

    >>> executed_counts("Sphinx-Gallery successfully executed 1 out of 1 file")
    (1, 1, 0)
    """
    found = EXECUTED.findall(log)
    if not found:
        raise BenchError('no "Sphinx-Gallery successfully executed" line in the log')
    return (
        sum(int(n) for n, _ in found),
        sum(int(m) for _, m in found),
        sum(int(k) for k in SKIPPED.findall(log)),
    )


def phase_spans(
    stream: list[tuple[float, str]], logs: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """When each language's phase ran: ``{lang: (start, end)}`` in stream seconds.

    ``stream`` is the build's output, each line with the time it was read;
    ``logs`` each language's log, whose lines are a block of that output. A
    phase ends at its log's last line and starts where the previous one ended
    (at 0 for the first): the start of its sphinx-build process is its own.
    """
    lines = [line.rstrip("\n") for _, line in stream]
    blocks = []
    for lang, text in logs.items():
        block = text.rstrip("\n").split("\n")
        at = next(
            (
                i
                for i in range(len(lines) - len(block) + 1)
                if lines[i] == block[0] and lines[i : i + len(block)] == block
            ),
            None,
        )
        if at is None:
            raise BenchError(f"the {lang} log is not in the build's output")
        blocks.append((at, at + len(block) - 1, lang))
    spans, previous = {}, 0.0
    for _first, last, lang in sorted(blocks):
        end = stream[last][0]
        spans[lang] = (previous, end)
        previous = end
    return spans


def executed_examples(examples: Path, since: float) -> dict[str, float]:
    """Examples whose run-time record was written since ``since`` (epoch seconds).

    sphinx-gallery writes ``<example>.cost.json`` when it executes an example,
    and only then. Returns ``{path under examples/: seconds}``.
    """
    found = {}
    for record in sorted(examples.rglob("*.cost.json")):
        if record.stat().st_mtime >= since:
            cost = json.loads(record.read_text(encoding="utf-8"))
            name = record.relative_to(examples).as_posix()
            found[name.removesuffix(".cost.json") + ".py"] = float(cost["time"])
    return found


@dataclass
class Build:
    """What one ``daskgallery_site.build html`` run produced."""

    seconds: float
    stream: list[tuple[float, str]]
    logs: dict[str, str]
    executed: dict[str, float]


def summarize(build: Build) -> dict:
    """The report of one build: times per language, examples, execution/rendering."""
    spans = phase_spans(build.stream, build.logs)
    phases = {}
    for lang, (start, end) in spans.items():
        n, of, skipped = executed_counts(build.logs[lang])
        phases[lang] = {
            "seconds": round(end - start, 2),
            "examples_executed": n,
            "examples_considered": of,
            "examples_skipped_unchanged": skipped,
        }

    counted = sum(p["examples_executed"] for p in phases.values())
    execution = sum(build.executed.values())
    return {
        "seconds": round(build.seconds, 2),
        "phases": phases,
        # after the last language: the root pages, the summary
        "other_seconds": round(
            build.seconds - sum(e - s for s, e in spans.values()), 2
        ),
        "examples_executed": counted,
        # every language's build sees every example (and runs the changed ones)
        "examples_found": max(
            p["examples_considered"] + p["examples_skipped_unchanged"]
            for p in phases.values()
        ),
        "executed": {k: round(v, 2) for k, v in build.executed.items()},
        "records_match_logs": counted == len(build.executed),
        "execution_seconds": round(execution, 2),
        "rendering_seconds": round(build.seconds - execution, 2),
    }


def check_targets(runs: dict, changed: str) -> list[dict]:
    """Each target with its measured value and whether it is met."""

    def target(name: str, wanted: str, value: object, passed: bool) -> dict:
        return {"name": name, "target": wanted, "value": value, "passed": passed}

    cold, same, one = runs["cold"], runs["no_change"], runs["one_change"]
    found = cold["examples_found"]
    return [
        target(
            "cold build executes every example",
            f"{found} of {found}",
            cold["examples_executed"],
            found > 0 and cold["examples_executed"] == found,
        ),
        target(
            "cold build, four languages",
            f"< {TARGETS['cold']:.0f} s",
            cold["seconds"],
            cold["seconds"] < TARGETS["cold"],
        ),
        target(
            "rebuild with no change executes nothing",
            "0 examples",
            same["examples_executed"],
            same["examples_executed"] == 0,
        ),
        target(
            "rebuild with no change, four languages",
            f"< {TARGETS['no_change']:.0f} s",
            same["seconds"],
            same["seconds"] < TARGETS["no_change"],
        ),
        target(
            "rebuild after one example changed executes only it",
            changed,
            sorted(one["executed"]),
            one["examples_executed"] == 1 and list(one["executed"]) == [changed],
        ),
        target(
            "rebuild after one example changed, four languages",
            f"< {TARGETS['one_change']:.0f} s",
            one["seconds"],
            one["seconds"] < TARGETS["one_change"],
        ),
    ]


def cpu_model() -> str:
    """The processor's name (``/proc/cpuinfo`` on Linux)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def print_summary(report: dict, output: Path) -> None:
    print("\nBuild times (all four languages):")
    for name, run in report["runs"].items():
        langs = "  ".join(f"{k} {v['seconds']:.1f}" for k, v in run["phases"].items())
        print(
            f"  {name:<10} {run['seconds']:7.1f} s"
            f"  executed {run['examples_executed']:>2}"
            f"  execution {run['execution_seconds']:6.1f} s"
            f"  rendering {run['rendering_seconds']:6.1f} s  ({langs})"
        )
    print("\nTargets (2 cores, default scale):")
    for t in report["targets"]:
        mark = "pass" if t["passed"] else "FAIL"
        print(f"  [{mark}] {t['name']}: {t['value']} (target {t['target']})")
    print(f"\nReport: {output}")
