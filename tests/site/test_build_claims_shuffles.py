"""E9, shuffles: the page's claims, checked against what the build printed.

The data are seeded random numbers made in the tasks, so the task counts, the
rows and the divisions are the same at every build. The times and the peaks of
memory vary: their claims are orderings with a margin, and must hold on two
cores and on sixty-four (the cluster always has two one-thread workers).
"""

from __future__ import annotations

import ast
import re

from conftest import number, output

E9 = "04_dataframe/plot_10_shuffles"
PARTITIONS, KEYS = 32, 1000  # the default scale
METHODS = ("none", "disk", "tasks", "p2p")
#: One line of the measured table: seconds, peak_MiB, tasks, key_rows,
#: one_partition, same.
ROW = r"^{name}\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(True|False)\s+(True|False)$"


def table(out: str) -> dict[str, dict]:
    rows = {}
    for name in METHODS:
        found = re.search(ROW.format(name=name), out, re.M)
        assert found, f"no row for {name!r} in:\n{out}"
        seconds, peak, tasks, key_rows, one_partition, same = found.groups()
        rows[name] = {
            "seconds": float(seconds),
            "peak": float(peak),
            "tasks": int(tasks),
            "key_rows": int(key_rows),
            "one_partition": one_partition == "True",
            "same": same == "True",
        }
    return rows


def printed_dict(pattern: str, out: str) -> dict:
    """The dict printed after ``pattern`` on one line, read back."""
    found = re.search(pattern + r"(\{.*\})$", out, re.M)
    assert found, f"no match for {pattern!r} in:\n{out}"
    return ast.literal_eval(found.group(1))


def test_e9_method_is_not_the_keyword_and_is_ignored(site):
    # "method="p2p" is ignored": the local default runs instead
    out = output(E9)
    assert re.search(r"^method='p2p': \['diskshuffle'\]$", out, re.M)


def test_e9_tasks_grow_with_the_square_of_the_partitions(site):
    out = output(E9)
    counts = {
        int(n): ast.literal_eval(tasks)
        for n, tasks in re.findall(r"^npartitions=(\d+): (\{.*\})$", out, re.M)
    }
    assert sorted(counts) == [8, 16, 32, 64, 128]
    for n, tasks in counts.items():
        assert set(tasks) == {"tasks", "p2p", "disk"}
        if n <= 32:  # a piece per pair of partitions, plus a few per partition
            assert tasks["tasks"] == n * n + 4 * n, n
        else:  # "in stages above 32": fewer than n * n
            assert n**1.5 < tasks["tasks"] < n * n, n
        # "p2p and disk, a few each": a few tasks per partition
        assert tasks["p2p"] <= 4 * n, n
        assert tasks["disk"] <= 5 * n, n
        assert tasks["tasks"] > 2 * max(tasks["p2p"], tasks["disk"]), n


def test_e9_the_default_method_depends_on_the_scheduler(site):
    out = output(E9)
    assert re.search(r"^default, local scheduler: \['diskshuffle'\]$", out, re.M)
    assert re.search(r"^default, cluster: \['p2pshuffle'\]$", out, re.M)


def test_e9_every_shuffle_puts_each_key_in_one_partition_with_the_same_rows(site):
    rows = table(output(E9))
    none = rows.pop("none")
    assert none["key_rows"] == PARTITIONS * KEYS  # every key in every partition
    assert not none["one_partition"]
    assert none["same"]
    assert none["tasks"] == PARTITIONS
    for name, row in rows.items():
        assert row["key_rows"] == KEYS, name
        assert row["one_partition"], name
        assert row["same"], name


def test_e9_tasks_has_the_most_tasks(site):
    rows = table(output(E9))
    assert rows["tasks"]["tasks"] == PARTITIONS * PARTITIONS + 4 * PARTITIONS
    for name in ("disk", "p2p"):
        assert rows["tasks"]["tasks"] > 5 * rows[name]["tasks"], name


def test_e9_each_shuffle_takes_several_times_longer_than_none(site):
    rows = table(output(E9))
    for name in ("disk", "tasks", "p2p"):
        assert rows[name]["seconds"] >= 3 * rows["none"]["seconds"], name


def test_e9_on_the_cluster_tasks_is_slower_than_p2p(site):
    rows = table(output(E9))
    assert rows["tasks"]["seconds"] > rows["p2p"]["seconds"]


def test_e9_p2p_has_the_highest_peak_on_this_small_data(site):
    rows = table(output(E9))
    for name in ("none", "disk", "tasks"):
        assert rows["p2p"]["peak"] > rows[name]["peak"], name


def test_e9_the_machine_is_printed(site):
    assert number(r"(?m)^\s*Usable cores: (\d+)$", output(E9)) >= 1


def test_e9_finding_the_divisions_reads_the_data_once_more(site):
    out = output(E9)
    # "even to count tasks": task_count runs the pass
    assert number(r"(?m)^task_count\(sort_values\): (\d+), ran:", out) > PARTITIONS
    ran = printed_dict(r"^task_count\(sort_values\): \d+, ran: ", out)
    assert ran["random-frame"] == PARTITIONS  # every partition made once more
    assert ran["repartitionquantiles"] >= PARTITIONS  # quantiles of each one
    # "with divisions given, set_index runs no pass": the data made once
    given = printed_dict(r"^set_index\(divisions=\.\.\.\), ran: ", out)
    assert given == {"random-frame": PARTITIONS, "repartitionquantiles": 0}


def test_e9_upsample_makes_the_partitions_more_even(site):
    out = output(E9)
    sizes = {}
    for upsample in ("1.0", "16.0"):
        smallest = number(rf"(?m)^upsample={upsample}: rows ([\d,]+) to", out)
        largest = number(rf"(?m)^upsample={upsample}: rows [\d,]+ to ([\d,]+)$", out)
        assert 0 < smallest <= largest
        sizes[upsample] = largest / smallest
    # "small samples give partitions of unequal sizes"
    assert sizes["1.0"] > 3
    # "upsample takes more": nearly equal partitions
    assert sizes["16.0"] < 1.5


def test_e9_the_shuffled_partitions_are_as_planned_sorted_and_in_order(site):
    assert re.search(r"^planned: True, sorted: True, in order: True$", output(E9), re.M)
