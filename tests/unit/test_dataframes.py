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
