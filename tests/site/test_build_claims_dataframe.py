"""The dataframe chapter's prose claims, checked against what the build measured.

The numbers come from the English pages' captured output (the translated
pages show the same run). The flights and the penguins are real, fixed data,
so their counts and means are exact; timings are checked with wide margins.
"""

from __future__ import annotations

import re
import statistics

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


def test_e3_projection_and_partitions(site):
    out = output(f"{CHAPTER}/plot_03_parquet_partitions")
    full = number(r"all 10 columns: ([\d.]+) s", out)
    two = number(r"2 columns: ([\d.]+) s", out)
    assert two < 0.8 * full  # "the second one is faster"
    files = number(r"files: (\d+), partitions", out)
    assert number(r"files: \d+, partitions: (\d+)", out) == files
    back = number(r"partitions read back: (\d+)", out)
    assert back == 2 * files
    assert len(re.findall(r"'part\.\d+\.parquet'", out)) == back
    assert "100% Completed" in out  # the progress bar


def test_e4_divisions_make_loc_cheap_and_map_partitions_agrees(site):
    out = output(f"{CHAPTER}/plot_04_index_divisions")
    assert "known divisions: False" in out
    assert "known divisions: True" in out
    assert "partitions for July 4th: 1" in out
    assert number(r"flights on July 4th: (\d+)", out) > 0
    months = re.findall(r"^\s+(\d+)\s+[A-Z]{3}\s+\d+$", out, re.M)
    assert [int(m) for m in months] == list(range(1, 13))
    assert "same as pandas: True" in out


def test_e4_shuffles_cost_several_times_more(site):
    out = output(f"{CHAPTER}/plot_04_index_divisions")
    rows = re.findall(r"^(cheap|clever|shuffle)\s+(.+?)\s+([\d.]+) s$", out, re.M)
    assert [kind for kind, _, _ in rows].count("shuffle") == 2
    assert len(rows) == 8
    shuffle = [float(t) for kind, _, t in rows if kind == "shuffle"]
    others = [float(t) for kind, _, t in rows if kind != "shuffle"]
    assert statistics.mean(shuffle) >= 2 * statistics.mean(others)
    set_index = next(float(t) for _, name, t in rows if name.startswith("set_index"))
    assert set_index > max(others)


def test_e5_delays_grow_during_the_day_and_fall_late(site):
    out = output(f"{CHAPTER}/plot_05_time_of_day")
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
    assert page_soup(f"{CHAPTER}/plot_05_time_of_day").select("img.sphx-glr-single-img")


def test_e6_solution_matches_the_pandas_loop(site):
    out = output(f"{CHAPTER}/plot_06_exercise_pandas_loop")
    assert "same airports: True, same means: True" in out
    means = re.findall(r"^(EWR|JFK|LGA)\s+([\d.]+)$", out, re.M)
    assert len(means) == 6  # the loop's three, then the solution's three
    assert means[:3] == means[3:]
