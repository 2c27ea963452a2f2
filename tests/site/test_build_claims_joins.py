"""Claims of the joins page (E7), checked against what the build printed.

The flights and the weather are real, fixed data, so the row counts, the
plans and the task counts are exact; timings are checked with wide margins,
since the page must say the same on two cores and on sixty-four.
"""

from __future__ import annotations

import re

from conftest import number, output

E7 = "04_dataframe/plot_08_joins"
BROADCAST = "flights.merge(airlines)"
HASH = "flights.merge(weather)"
WEATHER_ONE = "flights.merge(weather_one)"
INDEX = "flights_t.merge(weather_t)"
JOINS = (BROADCAST, HASH, WEATHER_ONE, INDEX)
#: One line of the table: join, shuffles, tasks, seconds, rows, pandas rows, same.
ROW = r"^{name}\s+(\S+)\s+(\d+)\s+([\d.]+)\s+([\d,]+)\s+([\d,]+)\s+(True|False)$"


def table(out: str) -> dict[str, dict]:
    """The measured table of the page: one dict per join."""
    rows = {}
    for name in JOINS:
        found = re.search(ROW.format(name=re.escape(name)), out, re.M)
        assert found, f"no row for {name!r} in:\n{out}"
        shuffles, tasks, seconds, rows_dask, rows_pandas, same = found.groups()
        rows[name] = {
            "shuffles": shuffles,
            "tasks": int(tasks),
            "seconds": float(seconds),
            "rows": int(rows_dask.replace(",", "")),
            "pandas": int(rows_pandas.replace(",", "")),
            "same": same == "True",
        }
    return rows


def plans(out: str) -> list[tuple[str, str]]:
    """The plans printed on the page, each with the ``shuffles:`` line after it."""
    found = re.findall(r"^(BlockwiseMerge:.*?)^shuffles: ([^\n]*)$", out, re.M | re.S)
    assert len(found) == 2, out
    return found


def test_e7_the_tables_are_the_real_ones(site):
    out = output(E7)
    assert number(r"(?m)^airlines: ([\d,]+) rows", out) == 16
    assert number(r"(?m)^airports: ([\d,]+) rows", out) == 1_458
    assert number(r"(?m)^planes: ([\d,]+) rows", out) == 3_322
    assert number(r"(?m)^weather: ([\d,]+) rows", out) == 26_115
    assert number(r"(?m)^flights: ([\d,]+) rows", out) == 336_776
    assert number(r"(?m)^flights: [\d,]+ rows, (\d+) partitions", out) == 12


def test_e7_the_small_table_is_broadcast_without_a_shuffle(site):
    (broadcast, found), _ = plans(output(E7))
    # "a BlockwiseMerge of the 12 partitions with the one partition"
    assert re.search(r"^  FromPandas: .*npartitions=12\b", broadcast, re.M)
    assert re.search(r"^  FromPandas: .*npartitions=1\b", broadcast, re.M)
    assert "Shuffle" not in broadcast
    assert found == "none"


def test_e7_the_hash_join_shuffles_both_sides(site):
    _, (hashed, found) = plans(output(E7))
    # "each side of the plan has a shuffle", on the key of the join
    sides = re.findall(r"^    (\w+Shuffle): .*\['origin', 'time_hour'\]", hashed, re.M)
    assert len(sides) == 2
    assert re.fullmatch(r"\w+shuffle", found)


def test_e7_the_index_join_has_known_divisions_and_no_shuffle(site):
    out = output(E7)
    assert number(r"(?m)^set_index of both frames: ([\d.]+) s", out) > 0
    after = out.split("known divisions:", 1)[1]
    assert after.startswith(" True, True\n")
    assert re.match(r"[^\n]*\nshuffles: none$", after, re.M)


def test_e7_every_join_gives_the_rows_of_pandas(site):
    for name, row in table(output(E7)).items():
        assert row["same"], name
        assert row["rows"] == row["pandas"] == 336_776, name  # left joins


def test_e7_only_the_hash_join_shuffles_and_it_has_the_most_tasks(site):
    rows = table(output(E7))
    hashed = rows.pop(HASH)
    assert re.fullmatch(r"\w+shuffle", hashed["shuffles"])
    for name, row in rows.items():
        assert row["shuffles"] == "none", name
        assert row["tasks"] < hashed["tasks"], name


def test_e7_the_hash_join_is_the_slowest(site):
    rows = table(output(E7))
    hashed = rows[HASH]["seconds"]
    for name in (BROADCAST, WEATHER_ONE, INDEX):
        assert rows[name]["seconds"] < hashed, name
    # "slower than the broadcast join of the same weather"
    assert hashed >= 1.2 * rows[WEATHER_ONE]["seconds"]
    # "several times slower than the join on the index"
    assert hashed >= 2 * rows[INDEX]["seconds"]
