"""daskgallery.parquet_reads: the bytes and tasks of a Parquet read, its statistics."""

import doctest

import dask.dataframe as dd
import pandas as pd
import pytest

from daskgallery import parquet_reads
from daskgallery.dataframes import hide_parquet_warning
from daskgallery.parquet_reads import (
    CountingFileSystem,
    bytes_read,
    compare_reads,
    read_tasks,
    row_group_statistics,
)


def test_docstring_examples():
    assert doctest.testmod(parquet_reads).failed == 0


@pytest.fixture
def months(tmp_path):
    """Twelve Parquet files, one month each, three columns: like the flights."""
    folder = tmp_path / "months"
    folder.mkdir()
    for month in range(1, 13):
        pdf = pd.DataFrame(
            {
                "month": month,
                "value": range(2000),
                "text": [f"row {i}" for i in range(2000)],
            }
        )
        pdf.to_parquet(folder / f"part-{month:02d}.parquet", index=False)
    return folder


def test_the_counter_counts_every_byte_read(tmp_path):
    counter = CountingFileSystem()
    path = tmp_path / "data.bin"
    path.write_bytes(b"line one\nline two\n" + bytes(1000))
    with counter.open(str(path)) as f:
        f.read(4)
        f.readline()
        f.readinto(bytearray(10))
    assert counter.bytes_read == 4 + len(" one\n") + 10
    counter.reset()
    assert counter.bytes_read == 0
    with counter.arrow().open_input_file(str(path)) as f:
        f.read(100)
    assert counter.bytes_read == 100
    with counter.open(str(tmp_path / "new.bin"), "wb") as f:
        f.write(b"written, not read")
    assert counter.bytes_read == 100


def test_dask_reads_through_the_counter(months):
    counter = CountingFileSystem()
    with hide_parquet_warning():
        dd.read_parquet(months, filesystem=counter).value.sum().compute()
        one_column = counter.bytes_read
        counter.reset()
        dd.read_parquet(months, filesystem=counter).compute()
    assert 0 < one_column < counter.bytes_read


def test_read_tasks_count_the_reads_and_share_them(months):
    df = dd.read_parquet(months)
    assert read_tasks(df) == 12
    total, largest = df.value.sum(), df.value.max()
    assert read_tasks(total) == read_tasks(largest) == read_tasks(total, largest)
    pdf = pd.DataFrame({"a": range(4)})
    assert read_tasks(dd.from_pandas(pdf, npartitions=2).a.sum()) == 0
    with pytest.raises(ValueError, match="at least one"):
        read_tasks()
    with pytest.raises(TypeError, match="got int"):
        read_tasks(3)


def test_bytes_read_starts_cold_and_sees_what_filters_skip(months):
    def july(read):
        return read(filters=[("month", "==", 7)]).value.sum()

    with hide_parquet_warning():
        everything = bytes_read(lambda read: read(), months)
        once, again = bytes_read(july, months), bytes_read(july, months)
        pushed = bytes_read(
            lambda read: (lambda df: df[df.month == 7].value.sum())(
                read(filesystem="arrow")
            ),
            months,
        )
    assert once == again  # a fresh copy each time: nothing cached
    assert once[0] > 0  # the footers, read to plan
    assert once[1] < everything[1] / 6  # the tasks read one file of twelve
    assert pushed[1] < everything[1] / 2
    assert len(list(months.iterdir())) == 12  # the folder itself is left alone


def test_bytes_read_refuses_bad_arguments(months, tmp_path):
    with pytest.raises(ValueError, match="folder must be an existing folder"):
        bytes_read(lambda read: read(), tmp_path / "missing")
    with pytest.raises(ValueError, match="filesystem must be 'fsspec' or 'arrow'"):
        bytes_read(lambda read: read(filesystem="s3"), months)


def test_compare_reads_one_row_a_way(months):
    ways = {
        "everything": lambda read: read(),
        "one column": lambda read: read().value,
        "sum and max": lambda read: (read().value.sum(), read().value.max()),
    }
    table = compare_reads(ways, months, rounds=1)
    assert list(table.index) == list(ways)
    assert list(table.columns) == ["plan MiB", "tasks MiB", "read tasks", "seconds"]
    assert table.loc["one column", "tasks MiB"] < table.loc["everything", "tasks MiB"]
    assert table.loc["everything", "read tasks"] == 12
    assert (table["seconds"] > 0).all()
    with pytest.raises(ValueError, match="ways is empty"):
        compare_reads({}, months)


def test_row_group_statistics_one_row_a_row_group(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"k": list(range(10)), "s": list("abcdefghij")})
    pq.write_table(table, tmp_path / "b.parquet", row_group_size=4)
    pq.write_table(table.slice(0, 3), tmp_path / "a.parquet")
    (tmp_path / "notes.txt").write_text("not Parquet")
    stats = row_group_statistics(tmp_path, ["k", "s"])
    assert list(stats.index) == [("a.parquet", 0)] + [
        ("b.parquet", i) for i in range(3)
    ]
    assert stats["rows"].tolist() == [3, 4, 4, 2]
    assert stats["k min"].tolist() == [0, 0, 4, 8]
    assert stats["k max"].tolist() == [2, 3, 7, 9]
    assert stats["s max"].tolist() == ["c", "d", "h", "j"]
    with pytest.raises(ValueError, match=r"columns must be some of \['k', 's'\]"):
        row_group_statistics(tmp_path, ["nope"])
    with pytest.raises(ValueError, match="folder must hold"):
        row_group_statistics(tmp_path / "empty", ["k"])
