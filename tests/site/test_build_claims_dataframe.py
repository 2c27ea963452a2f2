"""The dataframe chapter's prose claims, checked against what the build measured.

The numbers come from the English pages' captured output (the translated
pages show the same run). The flights and the penguins are real, fixed data,
so their counts and means are exact; timings are checked with wide margins.
"""

from __future__ import annotations

import re
import statistics

import pytest
from conftest import number, output, page_soup, usable_cores

CHAPTER = "04_dataframe"


def test_e1_wrong_dtypes_fail_for_real_and_dtype_fixes_them(site):
    page = f"{CHAPTER}/plot_01_from_pandas"
    out = output(page)
    assert "Mismatched dtypes found in `pd.read_csv`/`pd.read_table`." in out
    for column in ("dep_time", "dep_delay", "arr_time", "arr_delay", "air_time"):
        assert re.search(rf"^\| {column}\s+\| float64 \| int64\s+\|$", out, re.M)
    files = number(r"^(\d+) CSV files", out)
    assert number(r"files: (\d+), partitions", out) == files
    assert number(r"files: \d+, partitions: (\d+)", out) == files
    # the task graph of dep_delay.max() is on the page, as an image
    assert page_soup(page).select("img.dg-task-graph")


def test_e1_dask_and_pandas_agree_and_dask_gains_little(site):
    out = output(f"{CHAPTER}/plot_01_from_pandas")
    dask_max = number(r"dask.dataframe: (\d+) minutes", out)
    pandas_max = number(r"pandas loop: (\d+) minutes", out)
    assert dask_max == pandas_max == 1301  # the longest delay of 2013
    assert "same result: True" in out
    dask_s = number(r"dask.dataframe: \d+ minutes in ([\d.]+) s", out)
    pandas_s = number(r"pandas loop: \d+ minutes in ([\d.]+) s", out)
    # "little to gain on this machine": no large speed-up on a few cores
    assert pandas_s / dask_s < max(1.5, 0.75 * usable_cores())


def test_e2_counts_add_up(site):
    out = output(f"{CHAPTER}/plot_02_aggregations")
    total = number(r"all flights: ([\d,]+)", out)
    flown = number(r"flights that took off: ([\d,]+)", out)
    assert total == 336_776
    assert 0 < flown < total
    origins = dict(re.findall(r"^(EWR|JFK|LGA)\s+(\d+)$", out, re.M))
    assert sorted(origins) == ["EWR", "JFK", "LGA"]
    assert sum(int(n) for n in origins.values()) == flown
    days = re.findall(
        r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
        r"\s+-?[\d.]+$",
        out,
        re.M,
    )
    assert len(days) == 7


def test_e2_one_compute_call_shares_the_read(site):
    out = output(f"{CHAPTER}/plot_02_aggregations")
    assert "same results: True" in out
    two = number(r"two compute calls: ([\d.]+) s", out)
    one = number(r"one dask.compute call: ([\d.]+) s", out)
    assert two >= 1.4 * one  # "about half the time"


def test_e3_pandas_time_grows_with_the_table(site):
    out = output(f"{CHAPTER}/plot_03_parquet_partitions")
    rows = [
        int(r.replace(",", "")) for r in re.findall(r"^\s*([\d,]+) rows: ", out, re.M)
    ]
    assert rows == [344_000 * 2**i for i in range(4)]
    assert number(r"largest / smallest time: ([\d.]+)x", out) >= 2


def test_e3_the_optimizer_moves_the_selection_into_the_read(site):
    out = output(f"{CHAPTER}/plot_03_parquet_partitions")
    # before the optimizer: a projection above a read of every column
    before = re.search(
        r"^Projection: columns=\['species', 'body_mass_g'\]\n"
        r"  ReadParquet\w*: path='penguins-x\d+'$",
        out,
        re.M,
    )
    assert before, out
    # after: the read itself takes the two columns
    assert re.search(
        r"^ReadParquet\w*: path='penguins-x\d+' columns=\['species', 'body_mass_g'\]$",
        out,
        re.M,
    )
    assert "columns= gives the same tasks: True" in out
    # the groupby's plan reads only the four columns that it uses
    reads = re.findall(r"ReadParquet\w*: path='penguins' columns=\[(.*?)\]", out)
    assert reads
    for columns in reads:
        assert sorted(c.strip("' ") for c in columns.split(",")) == [
            "body_mass_g",
            "flipper_length_mm",
            "sex",
            "species",
        ]


def test_e3_two_columns_read_faster_whichever_way_written(site):
    out = output(f"{CHAPTER}/plot_03_parquet_partitions")
    full = number(r"all \(10 columns\): ([\d.]+) s", out)
    selection = number(r"selection \(2 columns\): ([\d.]+) s", out)
    argument = number(r"columns= \(2 columns\): ([\d.]+) s", out)
    assert max(selection, argument) < 0.8 * full  # "less than all the columns"
    assert 2 / 3 <= selection / argument <= 3 / 2  # "the same time"


def test_e3_partitions(site):
    out = output(f"{CHAPTER}/plot_03_parquet_partitions")
    files = number(r"files: (\d+), partitions", out)
    assert number(r"files: \d+, partitions: (\d+)", out) == files
    back = number(r"partitions read back: (\d+)", out)
    assert back == 2 * files
    assert len(re.findall(r"'part\.\d+\.parquet'", out)) == back
    assert "100% Completed" in out  # the progress bar


def test_e4_given_divisions_are_bounds(site):
    out = output(f"{CHAPTER}/plot_04_index_divisions")
    assert "known divisions: False" in out
    assert "known divisions: True" in out
    given = re.search(r"^given: \[(.*)\]$", out, re.M)
    assert given, out
    months = [d.strip("' ") for d in given[1].split(",")]
    assert months == [f"2013-{m:02d}-01" for m in range(1, 13)] + ["2014-01-01"]
    # July's partition lies between its two divisions, within them
    july = re.search(r"July: from (\S+) (\S+) to (\S+) (\S+), (\d+) flights", out)
    assert july, out
    assert july[1] >= "2013-07-01"
    assert july[3] < "2013-08-01"
    assert july[2] != "00:00:00"  # no flight at midnight: the bound is not a value
    assert int(july[5]) > 0


def test_e4_known_divisions_make_loc_read_one_partition(site):
    out = output(f"{CHAPTER}/plot_04_index_divisions")
    assert "partitions for July 4th: 1" in out
    assert 0 < number(r"flights on July 4th: (\d+)", out) < 336_776 / 300


def test_e4_found_divisions_are_first_values_and_the_last(site):
    out = output(f"{CHAPTER}/plot_04_index_divisions")
    found = re.search(r"^found: \[(.*)\] \.\.\. (\S+ \S+)$", out, re.M)
    assert found, out
    first = [d.strip("' ") for d in found[1].split(",")]
    assert len(first) == 3
    assert first[0].startswith("2013-01-01 ")
    assert first[1].startswith("2013-02-01 ")
    assert not any(d.endswith("00:00:00") for d in first)  # values, not bounds
    assert found[2].startswith("2013-12-31 ")  # the last value of December
    assert "shuffles: none" in out  # sorted=True moves no row
    assert "index: scheduled, known divisions: True" in out
    assert "same divisions as sorted=True: True" in out


# E4, second page: what shuffles
SHUFFLES = f"{CHAPTER}/plot_05_what_shuffles"


def shuffle_table(out: str) -> dict[str, tuple[str, int, float]]:
    """{operation: (shuffle read from the graph, partitions, seconds)}"""
    rows = re.findall(
        r"^(\S.*?)\s+(no shuffle|[a-z0-9]+shuffle)\s+(\d+) partitions\s+([\d.]+) s$",
        out,
        re.M,
    )
    return {name: (found, int(parts), float(s)) for name, found, parts, s in rows}


def test_e4_shuffles_are_read_from_the_graph(site):
    out = output(SHUFFLES)
    assert re.search(r"^\[.*'[a-z0-9]+shuffle'.*\]$", out, re.M)  # value_counts' tasks
    table = shuffle_table(out)
    assert len(table) == 9
    kind = {name: found for name, (found, _, _) in table.items()}
    for name in (
        "dep_delay + arr_delay",
        "df[df.dep_delay > 60]",
        'groupby("dest").dep_delay.mean()',
        "carrier.value_counts(split_out=1)",
    ):
        assert kind[name] == "no shuffle", name
    for name in (
        'groupby(["origin", "dest"]).dep_delay.mean()',  # two keys: split_out > 1
        "carrier.value_counts()",  # split_out=True by default
        "tailnum.drop_duplicates()",  # split_out=True by default
        'set_index("tailnum")',
        'groupby("dest").dep_delay.apply(top3_mean)',
    ):
        assert kind[name].endswith("shuffle"), name
    # split_out=1: one partition, by a tree reduction
    assert table["carrier.value_counts(split_out=1)"][1] == 1
    assert table["carrier.value_counts()"][1] > 1


def test_e4_shuffles_cost_several_times_more(site):
    out = output(SHUFFLES)
    table = shuffle_table(out)
    shuffled = [s for found, _, s in table.values() if found != "no shuffle"]
    others = [s for found, _, s in table.values() if found == "no shuffle"]
    assert statistics.mean(shuffled) >= 3 * statistics.mean(others)  # "several"
    # the page's means are of the same times (before they were rounded)
    with_shuffle = number(r"mean time with a shuffle: ([\d.]+) s", out)
    without = number(r"mean time without: ([\d.]+) s", out)
    assert with_shuffle == pytest.approx(statistics.mean(shuffled), abs=0.002)
    assert without == pytest.approx(statistics.mean(others), abs=0.002)
    set_index = table['set_index("tailnum")'][2]
    assert set_index > max(others)
    ratio = number(r"value_counts\(split_out=1\) is ([\d.]+)x faster", out)
    assert ratio >= 2
    default = table["carrier.value_counts()"][2]
    assert default > 2 * table["carrier.value_counts(split_out=1)"][2]


def test_e4_map_partitions_avoids_the_shuffle(site):
    out = output(SHUFFLES)
    apply = re.search(r"^groupby\.apply: ([a-z0-9]+shuffle), ([\d.]+) s$", out, re.M)
    mapped = re.search(r"^map_partitions: no shuffle, ([\d.]+) s$", out, re.M)
    assert apply, out
    assert mapped, out
    assert float(apply[2]) > 3 * float(mapped[1])  # "many times faster"
    months = re.findall(r"^(\d+)\s+[A-Z]{3}\s+\d+$", out, re.M)
    assert [int(m) for m in months] == list(range(1, 13))
    assert "same result: True" in out


def test_e5_delays_grow_during_the_day_and_fall_late(site):
    out = output(f"{CHAPTER}/plot_06_time_of_day")
    table = {
        int(hour): float(mean)
        for hour, mean in re.findall(
            r"^\s*(\d+)\s+(-?[\d.]+)\s+[\d.]+\s+\d+$", out, re.M
        )
    }
    assert len(table) >= 15
    first = number(r"smallest mean delay: [-\d.]+ min at (\d+) h", out)
    last = number(r"largest mean delay: [-\d.]+ min at (\d+) h", out)
    assert first <= 7
    assert 16 <= last <= 21
    assert number(r"smallest mean delay: (-?[\d.]+) min", out) < 5  # "almost on time"
    assert table[max(table)] < number(r"largest mean delay: ([\d.]+) min", out)
    assert page_soup(f"{CHAPTER}/plot_06_time_of_day").select("img.sphx-glr-single-img")


def test_e6_solution_matches_the_pandas_loop(site):
    out = output(f"{CHAPTER}/plot_07_exercise_pandas_loop")
    assert "same airports: True, same means: True" in out
    means = re.findall(r"^(EWR|JFK|LGA)\s+([\d.]+)$", out, re.M)
    assert len(means) == 6  # the loop's three, then the solution's three
    assert means[:3] == means[3:]
