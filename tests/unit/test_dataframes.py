"""daskgallery.dataframes: the plan, its shuffles, one upstream warning hidden."""

import doctest
import warnings

import dask
import dask.dataframe as dd
import pandas as pd
import pytest

from daskgallery import dataframes
from daskgallery.dataframes import PARQUET_WARNING, hide_parquet_warning, plan, shuffles


@pytest.fixture
def frame():
    pdf = pd.DataFrame({"key": [i % 7 for i in range(200)], "value": range(200)})
    return dd.from_pandas(pdf, npartitions=4)


def test_operations_on_each_partition_do_not_shuffle(frame):
    assert shuffles(frame.value + 1) == []
    assert shuffles(frame[frame.value > 10]) == []
    assert shuffles(frame.groupby("key").value.mean()) == []  # a tree reduction
    assert shuffles(frame.key.value_counts(split_out=1)) == []


@pytest.mark.parametrize("method", ["tasks", "disk", "p2p"])
def test_each_shuffle_method_is_named(frame, method):
    expected = {"tasks": "taskshuffle", "disk": "diskshuffle", "p2p": "p2pshuffle"}
    with dask.config.set({"dataframe.shuffle.method": method}):
        assert shuffles(frame.set_index("key")) == [expected[method]]
        assert shuffles(frame.shuffle("key")) == [expected[method]]


def test_value_counts_and_drop_duplicates_shuffle_by_default(frame):
    # split_out=True is their default: one output partition per input partition
    assert shuffles(frame.key.value_counts())
    assert shuffles(frame.key.drop_duplicates())
    assert not shuffles(frame.key.drop_duplicates(split_out=1))


def ran_shuffles(lazy):
    """The shuffle task names that compute really runs, recorded as they run."""
    from dask.callbacks import Callback
    from dask.utils import key_split

    names = set()
    with Callback(pretask=lambda key, dask, state: names.add(key_split(key))):
        lazy.compute(scheduler="sync")
    return sorted(
        name for name in names if name.endswith("shuffle") and "-" not in name
    )


@pytest.mark.parametrize("method", ["tasks", "disk"])
def test_the_answer_is_what_compute_runs(frame, method):
    with dask.config.set({"dataframe.shuffle.method": method}):
        for lazy in (
            frame.value * 2,
            frame.groupby("key").value.mean(),
            frame.key.value_counts(),
            frame.key.drop_duplicates(),
            frame.set_index("key"),
            frame.sort_values("value").value.sum(),
        ):
            assert shuffles(lazy) == ran_shuffles(lazy)


def test_not_a_dataframe_is_refused():
    import dask.array as da

    with pytest.raises(
        TypeError, match="frame must be a Dask DataFrame, Series or Index, got Array"
    ):
        shuffles(da.ones(3))
    with pytest.raises(TypeError, match="got list"):
        shuffles([1, 2])


def test_only_the_parquet_warning_is_hidden_and_only_inside():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with hide_parquet_warning():
            warnings.warn(PARQUET_WARNING + ".reset_index is deprecated", stacklevel=1)
            warnings.warn("another warning", stacklevel=1)
        warnings.warn(PARQUET_WARNING + ".reset_index is deprecated", stacklevel=1)
    assert [str(w.message) for w in seen] == [
        "another warning",
        PARQUET_WARNING + ".reset_index is deprecated",
    ]


def test_reading_parquet_with_dask_is_quiet_inside(tmp_path):
    pd.DataFrame({"a": range(10)}).to_parquet(tmp_path / "part.parquet")
    with hide_parquet_warning():  # filterwarnings = error would raise otherwise
        assert dd.read_parquet(tmp_path).a.sum().compute() == 45


def test_docstring_examples():
    assert doctest.testmod(dataframes).failed == 0


def test_plan_before_and_after_the_optimizer(tmp_path):
    folder = tmp_path / "some folder" / "table"
    folder.mkdir(parents=True)
    pdf = pd.DataFrame({"a": range(10), "b": range(10), "c": range(10)})
    pdf.to_parquet(folder / "part.parquet")
    selected = dd.read_parquet(folder)[["a", "b"]]
    before = plan(selected, optimized=False).splitlines()
    assert before[0] == "Projection: columns=['a', 'b']"
    assert before[1].strip().startswith("ReadParquet")
    assert "columns=" not in before[1]
    after = plan(selected)
    assert after.startswith("ReadParquet")
    assert "columns=['a', 'b']" in after
    # the folders of this machine are left out: only the last part of the path
    for text in (after, "\n".join(before)):
        assert "path='table'" in text
        assert str(tmp_path) not in text


def test_plan_shortens_every_path_and_refuses_other_objects(tmp_path):
    files = []
    for name in ("one.parquet", "two.parquet"):
        files.append(str(tmp_path / name))
        pd.DataFrame({"a": range(3)}).to_parquet(files[-1])
    text = plan(dd.read_parquet(files).a.sum(), optimized=False)
    assert "'one.parquet'" in text
    assert "'two.parquet'" in text
    assert str(tmp_path) not in text
    with pytest.raises(TypeError, match="frame must be a Dask DataFrame"):
        plan("not a frame")


def test_plan_shows_functions_without_their_address(frame):
    def double(part):
        return part * 2

    text = plan(frame.map_partitions(double), optimized=False)
    assert "<function test_plan_shows_functions_without_their_address" in text
    assert "double>" in text
    assert " at 0x" not in text


def test_random_frame_is_the_same_for_the_same_seed_on_every_scheduler():
    from daskgallery.dataframes import random_frame

    df = random_frame(3, 500, keys=20, seed=7)
    assert df.npartitions == 3
    assert not df.known_divisions
    assert list(df.columns) == ["key", "x", "y"]
    local = df.compute(scheduler="sync")
    assert len(local) == 1_500
    assert local.key.between(0, 19).all()
    assert local.key.nunique() == 20
    assert local.x.between(0, 1).all()
    assert local.equals(df.compute(scheduler="threads"))
    assert local.equals(random_frame(3, 500, keys=20, seed=7).compute())
    assert not local.equals(random_frame(3, 500, keys=20, seed=8).compute())
    # the partitions differ from each other: each has its own random numbers
    parts = [df.get_partition(i).compute() for i in range(3)]
    assert not parts[0].x.equals(parts[1].x)


def test_random_frame_is_made_in_tasks_named_random_frame():
    from dask.utils import key_split

    from daskgallery.dataframes import random_frame, task_count

    df = random_frame(5, 10)
    names = {key_split(key) for key in df.__dask_graph__()}
    assert "random-frame" in names
    assert task_count(df) == 5  # optimized: one task a partition


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"npartitions": 0}, "npartitions must be a positive integer, got 0"),
        ({"rows": 1.5}, "rows must be a positive integer, got 1.5"),
        ({"keys": True}, "keys must be a positive integer, got True"),
        ({"seed": -1}, "seed must be a non-negative integer, got -1"),
    ],
)
def test_random_frame_refuses_bad_sizes(keywords, message):
    from daskgallery.dataframes import random_frame

    with pytest.raises(ValueError, match=message):
        random_frame(**{"npartitions": 2, "rows": 10, **keywords})


def test_task_count_grows_with_the_square_of_partitions_only_for_tasks():
    from daskgallery.dataframes import random_frame, task_count

    counts = {
        method: [
            task_count(random_frame(n, 10).shuffle("key", shuffle_method=method))
            for n in (8, 16)
        ]
        for method in ("tasks", "p2p", "disk")
    }
    # tasks: n inputs, n groups, n * n splits, n outputs
    assert counts["tasks"] == [8 + 8 + 64 + 8 + 8, 16 + 16 + 256 + 16 + 16]
    # p2p: n inputs, n transfers, one barrier, n outputs
    assert counts["p2p"] == [3 * 8 + 1, 3 * 16 + 1]
    # disk: n inputs, n writes, the files and a barrier, n reads, n column drops
    assert counts["disk"] == [4 * 8 + 2, 4 * 16 + 2]
    with pytest.raises(TypeError, match="got list"):
        task_count([1, 2])


def test_measured_compute_returns_the_result_and_its_cost():
    from daskgallery.dataframes import measured_compute, random_frame, task_count

    df = random_frame(4, 100_000)
    lazy = df.shuffle("key", shuffle_method="tasks").x
    result, cost = measured_compute(lazy, scheduler="threads")
    assert len(result) == 400_000
    assert sorted(result) == sorted(df.x.compute())
    assert cost["tasks"] == task_count(lazy)
    assert cost["seconds"] > 0
    assert cost["peak_MiB"] >= 0
    with pytest.raises(TypeError, match="lazy must be a Dask collection, got list"):
        measured_compute([1, 2])


def test_partition_bounds_tells_sorted_from_unsorted_partitions():
    from daskgallery.dataframes import partition_bounds

    pdf = pd.DataFrame({"x": [5.0, 1.0, 3.0, 2.0, 8.0, 6.0]})
    by_row = pdf.set_index("x")  # the index in the order of the rows
    unsorted = dd.from_pandas(by_row, npartitions=2, sort=False)
    bounds = partition_bounds(unsorted).compute()
    assert bounds["rows"].tolist() == [3, 3]
    assert not bounds["sorted"].any()
    by_x = dd.from_pandas(pdf, npartitions=2).set_index("x", divisions=[1, 4, 8])
    bounds = partition_bounds(by_x).compute()
    assert bounds["rows"].tolist() == [3, 3]
    assert bounds["min"].tolist() == [1.0, 5.0]
    assert bounds["max"].tolist() == [3.0, 8.0]
    assert bounds["sorted"].all()
    assert bounds[["min", "max"]].stack().is_monotonic_increasing
    with pytest.raises(TypeError, match="frame must be a Dask DataFrame"):
        partition_bounds(pdf)


def test_tasks_run_counts_the_tasks_by_name():
    from daskgallery.dataframes import random_frame, tasks_run

    df = random_frame(3, 10)
    total, ran = tasks_run(lambda: df.x.sum().compute(scheduler="threads"))
    assert total > 0
    assert ran["random-frame"] == 3  # made once each
    # the divisions of set_index: the data is made once more, with quantiles
    _, ran = tasks_run(lambda: df.set_index("y").divisions)
    assert ran["random-frame"] == 3
    assert ran["repartitionquantiles"] >= 3
    _, ran = tasks_run(lambda: None)
    assert ran == {}
    with pytest.raises(TypeError, match="func must be callable, got int"):
        tasks_run(3)
