"""E8, the query planner: the page's claims, checked against what the build printed.

The plans are text, the same at every build. The bytes are counted by a file
system that wraps the real files, each way read from a fresh copy, so they are
the same on every machine. Only the times vary: the one claim about them
("reading less takes less time") compares a full read with reads of a few
columns.
"""

from __future__ import annotations

import re

from conftest import number, output

PAGE = "04_dataframe/plot_09_query_planner"


def row(name: str, out: str) -> dict[str, float]:
    """One row of a table printed by ``compare_reads``."""
    found = re.search(
        rf"^{re.escape(name)}\s+([\d.]+)\s+([\d.]+)\s+(\d+)\s+([\d.]+)$", out, re.M
    )
    assert found, f"no row {name!r} in:\n{out}"
    keys = ("plan", "tasks", "read tasks", "seconds")
    return dict(zip(keys, (float(g) for g in found.groups()), strict=True))


def test_the_default_reader_takes_the_columns_but_not_the_filter(site):
    out = output(PAGE)
    fsspec = re.findall(r"^\s*ReadParquetFSSpec: (.*)$", out, re.M)
    assert fsspec, out
    for line in fsspec:
        assert line == "path='flights' columns=['month', 'dep_delay']"
    assert re.search(r"^Filter:$", out, re.M)  # the filter stays above the read


def test_the_pyarrow_reader_takes_the_filter(site):
    assert re.search(
        r"^\s*ReadParquetPyarrowFS: path='flights' columns=\['dep_delay'\] "
        r"filters=\[\[\('month', '==', 7\)\]\] filesystem='arrow'",
        output(PAGE),
        re.M,
    )


def test_bytes_read_by_each_way(site):
    out = output(PAGE)
    files = number(r"(?m)^(\d+) files: ", out)
    folder = number(r"(?m)^\d+ files: ([\d.]+) MiB$", out)
    assert files == 12
    every = row("every column", out)
    columns = row("df[df.month == 7]", out)
    by_hand = row('filters=[("month", "==", 7)]', out)
    arrow = row('filesystem="arrow"', out)
    # "every column is about the whole folder"
    assert 0.9 * folder <= every["tasks"] <= 1.3 * folder
    assert every["read tasks"] == files
    # "with two columns, the tasks read several times less"
    assert columns["tasks"] <= every["tasks"] / 3
    # "with filters=, one file of twelve"
    assert by_hand["read tasks"] == 1
    assert by_hand["tasks"] <= columns["tasks"] / 4
    # "the reader first reads the footer of every file ... the footers weigh
    # more than July's data"
    assert by_hand["plan"] > 3 * every["plan"]
    assert by_hand["plan"] > by_hand["tasks"]
    # "the pyarrow reader reads them in its tasks": more than filters=, less
    # than the two columns of every file
    assert by_hand["tasks"] < arrow["tasks"] < columns["tasks"]
    # "reading less takes less time"
    for way in (columns, by_hand, arrow):
        assert way["seconds"] < every["seconds"]


def test_statistics_skip_months_but_not_destinations(site):
    out = output(PAGE)
    numbers, codes = r"\s+(\d+)" * 3, r"\s+([A-Z]{3})" * 2
    stats = re.findall(rf"^flights-2013-(\d\d)\.parquet 0{numbers}{codes}$", out, re.M)
    assert len(stats) == 12, out
    assert sum(int(s[1]) for s in stats) == 336_776  # all the flights of 2013
    for month, _, low, high, first, last in stats:
        assert int(month) == int(low) == int(high)  # "each file holds one month"
        assert first in ("ABQ", "ALB")
        assert last == "XNA"
    assert "filters=[('month', '==', 7)]: 1 of 12" in out
    assert "filters=[('dest', '==', 'ANC')]: 12 of 12" in out


def test_results_computed_together_share_their_read(site):
    out = output(PAGE)
    mean, longest = row("mean", out), row("longest", out)
    both = row("mean, longest", out)
    # "the reading tasks of one"
    assert both["read tasks"] == mean["read tasks"] == longest["read tasks"]
    # "the columns of both, once: fewer bytes than apart"
    assert max(mean["tasks"], longest["tasks"]) < both["tasks"]
    assert both["tasks"] < mean["tasks"] + longest["tasks"]


def test_the_optimizer_cannot_see_inside_map_partitions(site):
    out = output(PAGE)
    after = re.search(r"^filter after: ReadParquetPyarrowFS: (.*)$", out, re.M)
    first = re.search(r"^filter first: ReadParquetPyarrowFS: (.*)$", out, re.M)
    assert after, out
    assert first, out
    assert "columns=" not in after[1]
    assert "filters=" not in after[1]
    assert "columns=['air_time', 'distance']" in first[1]
    assert "filters=[[('month', '==', 7)]]" in first[1]
    folder = number(r"(?m)^\d+ files: ([\d.]+) MiB$", out)
    # "the read takes them all" / "filter and select first"
    assert row("filter after", out)["tasks"] >= 0.9 * folder
    assert row("filter first", out)["tasks"] <= row("filter after", out)["tasks"] / 3
