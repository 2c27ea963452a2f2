"""The gallery's data: real where a package ships it, seeded and labelled otherwise.

Each file-based data set is a folder under ``data_dir() / scale``, built on
first use, checked against its manifest on every later use (see
:mod:`daskgallery.datastore`) and byte-identical for the same seed and scale.
``DASKGALLERY_SCALE`` (``small``, the default, or ``large``) sizes them all;
the ``daskgallery-data`` command prepares them ahead of time.

>>> from daskgallery.datasets import cpfs, is_valid_cpf
>>> cpfs(2, seed=1)
['981.497.053-09', '637.753.909-60']
>>> is_valid_cpf("981.497.053-09"), is_valid_cpf("981.497.053-08")
(True, False)
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import shlex
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from daskgallery.datastore import (
    SCALES,
    Builder,
    DataError,
    Spec,
    data_dir,
    default_dir,
    ensure,
    get_scale,
    progress_bar,
    run_cli,
)
from daskgallery.inspection_records import README, businesses, inspection_lines

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_SEED",
    "FLIGHTS_CSV_DTYPE",
    "JOBS",
    "SCALES",
    "DataError",
    "cli",
    "cpfs",
    "data_dir",
    "flights_csv",
    "flights_parquet",
    "get_scale",
    "inspections",
    "is_valid_cpf",
    "main",
    "nycflights13_table",
    "random_array_store",
    "scaled_table",
]

DEFAULT_SEED = 42
FORMAT_VERSION = 1
#: ``dtype=`` that reads the flights CSV files right (see :func:`flights_csv`).
FLIGHTS_CSV_DTYPE = dict.fromkeys(
    ("dep_time", "dep_delay", "arr_time", "arr_delay", "air_time"), "float64"
)
CPF_N = {"small": 200_000, "large": 5_000_000}
TABLE_FACTOR = {"small": 8_000, "large": 250_000}
TABLE_ROWS_PER_FILE = {"small": 500_000, "large": 2_000_000}
INSPECTION_RECORDS = {"small": 6_000, "large": 3_000_000}
INSPECTION_YEARS = {"small": (2016,), "large": (2012, 2013, 2014, 2015, 2016)}
ARRAY_VALUES = {"small": 20_000_000, "large": 1_000_000_000}
ARRAY_CHUNK = {"small": 1_000_000, "large": 10_000_000}


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def _spec(
    label: str,
    path: Path,
    build: Builder,
    *,
    scale: str,
    seed: int | None,
    job: str,
    call: str | None,
    **params: Any,
) -> Spec:
    """A :class:`Spec` whose error messages say how to rebuild it.

    ``call`` (see :func:`_call`) when the parameters are not those of the
    ``daskgallery-data`` command (whose data set ``job`` is).
    """
    if call:
        how = f"call `daskgallery.datasets.{call}`"
    else:
        root = path.parents[1]
        out = "" if root == default_dir() else f" --out {shlex.quote(str(root))}"
        how = f"run `daskgallery-data {job} --scale {scale}{out} --force`"
    base = {"name": label, "format_version": FORMAT_VERSION, "scale": scale}
    return Spec(label, path, {**base, "seed": seed, **params}, build, how)


def _call(function: str, **kwargs: Any) -> str:
    """``inspections(seed=7, scale='small', force=True)``: omits None values."""
    args = [f"{k}={v!r}" for k, v in kwargs.items() if v is not None]
    return f"{function}({', '.join([*args, 'force=True'])})"


def _write(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def _package_file(package: str, relative: str) -> Path:
    """A data file shipped by ``package``, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DataError(f"{package} is not installed: pip install {package}")
    return Path(next(iter(spec.submodule_search_locations))) / relative


# ----------------------------------------------------------------- CPF numbers


def _cpf_digit(digits: np.ndarray) -> np.ndarray:
    """The next check digit of each row of CPF digits (9 or 10 columns)."""
    total = np.zeros(len(digits), dtype=np.int32)
    for i, weight in enumerate(range(digits.shape[1] + 1, 1, -1)):
        total += digits[:, i].astype(np.int32) * weight
    return (total * 10 % 11 % 10).astype(np.uint8)


def cpfs(
    n: int | None = None, *, seed: int = DEFAULT_SEED, scale: str | None = None
) -> list[str]:
    """``n`` fake, checksum-valid Brazilian CPF numbers ``'123.456.789-09'``.

    In memory, no file. ``n`` defaults to 200,000 at ``small`` and to the
    seed notebook's 5,000,000 at ``large``.

    >>> len(cpfs(10)), cpfs(3, seed=1) == cpfs(3, seed=1)
    (10, True)
    """
    n = CPF_N[get_scale(scale)] if n is None else _count("n", n)
    rng = np.random.default_rng(_seed(seed))
    digits = np.empty((n, 11), dtype=np.uint8)
    digits[:, :9] = rng.integers(0, 10, size=(n, 9), dtype=np.uint8)
    same = (digits[:, :9] == digits[:, :1]).all(axis=1)  # 111.111.111-11 is invalid
    digits[same, 8] = (digits[same, 8] + 1) % 10
    digits[:, 9] = _cpf_digit(digits[:, :9])
    digits[:, 10] = _cpf_digit(digits[:, :10])
    digits += ord("0")
    chars = np.empty((n, 14), dtype=np.uint8)
    chars[:, [3, 7]], chars[:, 11] = ord("."), ord("-")
    for a, b in ((0, 0), (4, 3), (8, 6), (12, 9)):  # 123.456.789-09
        chars[:, a : a + 3] = digits[:, b : b + 3]
    return chars.view("S14").ravel().astype(str).tolist()


def is_valid_cpf(s: object) -> bool:
    """True for a CPF ``'ddd.ddd.ddd-dd'`` (or 11 digits) with both check digits.

    >>> is_valid_cpf("529.982.247-25"), is_valid_cpf("111.111.111-11")
    (True, False)
    """
    if not isinstance(s, str) or len(s) not in (11, 14):
        return False
    if len(s) == 14:
        if s[3] + s[7] + s[11] != "..-":
            return False
        s = s[:3] + s[4:7] + s[8:11] + s[12:]
    if not (s.isascii() and s.isdigit()) or len(set(s)) == 1:
        return False
    digits = np.frombuffer(s.encode(), dtype=np.uint8)[None, :] - ord("0")
    return bool(
        _cpf_digit(digits[:, :9])[0] == digits[0, 9]
        and _cpf_digit(digits[:, :10])[0] == digits[0, 10]
    )


# --------------------------------------------------------------------- flights


def _flights_spec(
    label: str, scale: str, root: Path, build: Builder, layout: str
) -> Spec:
    source = f"nycflights13 {version('nycflights13')}: data/flights.csv.zip"
    return _spec(
        label,
        root / scale / label,
        build,
        scale=scale,
        seed=None,
        job="flights",
        call=None,
        synthetic=False,
        source=source,
        rows=336_776,
        layout=layout,
    )


def _flights_csv_spec(scale: str, root: Path) -> Spec:
    per_day = scale == "large"

    def build(folder: Path, progress: bool) -> None:
        src = _package_file("nycflights13", "data/flights.csv.zip")
        with zipfile.ZipFile(src) as z:
            header, _, body = z.read("flights.csv").decode("utf-8").partition("\n")
        groups: dict[str, list[str]] = defaultdict(list)
        for line in body.splitlines(keepends=True):
            _, month, day, _ = line.split(",", 3)
            key = f"{int(month):02d}-{int(day):02d}" if per_day else f"{int(month):02d}"
            groups[key].append(line)
        for key in progress_bar(sorted(groups), progress, "flights-csv"):
            data = header + "\n" + "".join(groups[key])
            _write(folder / f"flights-2013-{key}.csv", data.encode("utf-8"))

    layout = "one CSV per day" if per_day else "one CSV per month"
    return _flights_spec("flights-csv", scale, root, build, layout)


def flights_csv(*, scale: str | None = None, force: bool = False) -> Path:
    """The real 336,776 NYC flights of 2013 (``nycflights13``) as CSV files.

    One file per month (``flights-2013-01.csv`` ...), its rows as the
    package ships them: by day and departure time, cancelled flights last
    each day, missing values written ``NA``. The data set has a fixed size:
    at ``large`` the same rows are split into one file per day (365 files).

    The dtype pitfall of page E1 is real here: ``dd.read_csv(folder /
    "*.csv")`` infers dtypes from the first rows of the first file, where
    every flight took off, so ``dep_time``, ``dep_delay``, ``arr_time``,
    ``arr_delay`` and ``air_time`` look like ``int64``. The last file has
    cancelled flights (``NA``), and ``ddf.tail()`` raises ``ValueError:
    Mismatched dtypes found in `pd.read_csv`/`pd.read_table`.`` with those
    five columns, ``float64`` found, ``int64`` expected.
    ``dtype=FLIGHTS_CSV_DTYPE`` (the five as ``float64``) fixes it.

    >>> import dask.dataframe as dd
    >>> ddf = dd.read_csv(flights_csv() / "*.csv", dtype=FLIGHTS_CSV_DTYPE)
    >>> ddf.npartitions
    12
    """
    return ensure(_flights_csv_spec(get_scale(scale), data_dir()), force=force).path


def _flights_parquet_spec(scale: str, root: Path) -> Spec:
    def build(folder: Path, progress: bool) -> None:
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq

        df = pd.read_csv(_package_file("nycflights13", "data/flights.csv.zip"))
        df["time_hour"] = pd.to_datetime(df["time_hour"], utc=True)
        for month, part in progress_bar(df.groupby("month"), progress, "flights-pq"):
            table = pa.Table.from_pandas(part, preserve_index=False)
            pq.write_table(table, folder / f"flights-2013-{month:02d}.parquet")

    layout = "one Parquet file per month"
    return _flights_spec("flights-parquet", scale, root, build, layout)


def flights_parquet(*, scale: str | None = None, force: bool = False) -> Path:
    """The same real flights as a Parquet folder, one file per month.

    Real values with fitting dtypes: ``float64`` where values are missing,
    ``time_hour`` a UTC timestamp. The same 12 files at both scales.

    >>> import pandas as pd
    >>> pd.read_parquet(flights_parquet()).shape
    (336776, 19)
    """
    return ensure(_flights_parquet_spec(get_scale(scale), data_dir()), force=force).path


# ------------------------------------------------------------ flights' tables

#: The side tables that ``nycflights13`` ships next to the flights.
_SIDE_TABLES = ("airlines", "airports", "planes", "weather")


def nycflights13_table(name: str) -> pd.DataFrame:
    """One of the real side tables of ``nycflights13``, as a pandas DataFrame.

    ``airlines`` (16 rows, key ``carrier``), ``airports`` (1,458 rows, key
    ``faa``), ``planes`` (3,322 rows, key ``tailnum``) or ``weather``
    (26,115 rows, one per airport of origin and hour, key ``origin`` and
    ``time_hour``). Small tables, read in memory from the package's CSV
    files, no file written; the same at both scales. ``time_hour`` is a UTC
    timestamp, as in :func:`flights_parquet`, so the tables join with the
    flights.

    >>> airlines = nycflights13_table("airlines")
    >>> airlines.shape, list(airlines.columns)
    ((16, 2), ['carrier', 'name'])
    """
    import pandas as pd

    if name not in _SIDE_TABLES:
        raise ValueError(f"name must be one of {list(_SIDE_TABLES)}, got {name!r}")
    table = pd.read_csv(_package_file("nycflights13", f"data/{name}.csv"))
    if "time_hour" in table.columns:
        table["time_hour"] = pd.to_datetime(table["time_hour"], utc=True)
    return table


# ----------------------------------------------------------------- scaled table


def _scaled_table_spec(scale: str, root: Path, factor: int) -> Spec:
    rows = 344 * factor
    per_file = math.ceil(factor / math.ceil(rows / TABLE_ROWS_PER_FILE[scale]))

    def build(folder: Path, progress: bool) -> None:
        import pandas as pd
        import pyarrow as pa
        import pyarrow.parquet as pq

        penguins = pd.read_csv(_package_file("palmerpenguins", "data/penguins.csv"))
        base = pa.Table.from_pandas(penguins, preserve_index=False)
        ids = np.arange(len(base), dtype=np.int32)
        starts = range(0, factor, per_file)
        for i, start in enumerate(progress_bar(starts, progress, "penguins")):
            copies = np.arange(start, min(start + per_file, factor), dtype=np.int32)
            table = base.take(np.tile(ids, len(copies)))
            table = table.add_column(0, "copy", pa.array(np.repeat(copies, len(ids))))
            table = table.add_column(
                1, "penguin_id", pa.array(np.tile(ids, len(copies)))
            )
            pq.write_table(
                table, folder / f"part-{i:05d}.parquet", compression="snappy"
            )

    custom = factor != TABLE_FACTOR[scale]
    call = _call("scaled_table", factor=factor, scale=scale) if custom else None
    source = f"palmerpenguins {version('palmerpenguins')}: data/penguins.csv"
    return _spec(
        "scaled-table",
        root / scale / f"penguins-x{factor}",
        build,
        scale=scale,
        seed=None,
        job="scaled_table",
        call=call,
        synthetic=False,
        source=source,
        factor=factor,
        rows=rows,
        note="the 344 real penguins repeated `factor` times",
    )


def scaled_table(
    factor: int | None = None, *, scale: str | None = None, force: bool = False
) -> Path:
    """The seeds' "Titanic × 250,000" story with the 344 real Palmer penguins.

    The table repeated ``factor`` times (default 8,000 at ``small``: 2,752,000
    rows; 250,000 at ``large``: 86 million rows), as a folder of Snappy
    Parquet files. Columns ``copy`` and ``penguin_id`` tell rows apart.

    >>> import pandas as pd
    >>> pd.read_parquet(scaled_table(10)).shape
    (3440, 10)
    """
    scale = get_scale(scale)
    factor = TABLE_FACTOR[scale] if factor is None else _count("factor", factor)
    return ensure(_scaled_table_spec(scale, data_dir(), factor), force=force).path


# ----------------------------------------------------------------- inspections


def _inspections_spec(scale: str, root: Path, seed: int, n: int | None) -> Spec:
    records = INSPECTION_RECORDS[scale] if n is None else n
    months = [(y, m) for y in INSPECTION_YEARS[scale] for m in range(1, 13)]

    def build(folder: Path, progress: bool) -> None:
        rng = np.random.default_rng(seed)
        places = businesses(rng, min(max(records // 15, 30), 20_000))
        p = rng.permutation(1 / np.arange(1, len(places) + 1) ** 0.6)
        per_month = rng.multinomial(records, [1 / len(months)] * len(months))
        for i in progress_bar(range(len(months)), progress, "inspections"):
            (y, m), k = months[i], int(per_month[i])
            text = inspection_lines(rng, y, m, k, places, p / p.sum())
            data = gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)
            _write(folder / f"inspections-{y}-{m:02d}.json.gz", data)
        readme = README.format(records=records, seed=seed, scale=scale)
        (folder / "README.txt").write_text(readme)

    custom = seed != DEFAULT_SEED or n is not None
    call = _call("inspections", seed=seed, scale=scale, n=n) if custom else None
    name = f"inspections-seed{seed}" + ("" if n is None else f"-n{n}")
    return _spec(
        "inspections",
        root / scale / name,
        build,
        scale=scale,
        seed=seed,
        job="inspections",
        call=call,
        synthetic=True,
        records=records,
        note="SYNTHETIC inspections, see README.txt",
    )


def inspections(
    *,
    seed: int = DEFAULT_SEED,
    scale: str | None = None,
    n: int | None = None,
    force: bool = False,
) -> Path:
    """SYNTHETIC restaurant inspections: gzipped JSON lines, one file per month.

    Shaped like the seed notebook's DC inspections (``Name``, ``Address``,
    ``Inspection Type`` such as ``Routine`` or ``Complaint``, ``Inspection
    Date``, a list of ``Violations`` with a ``Violation Category`` of
    ``Critical`` or ``Non-critical``), and labelled: each record has
    ``"synthetic": true``, the folder a README.txt. ``n`` records in all:
    6,000 over 2016 at ``small``, 3 million over 2012-2016 at ``large``.

    >>> import dask.bag as db
    >>> bag = db.read_text(str(inspections() / "*.json.gz")).map(json.loads)
    >>> bag.pluck("synthetic").distinct().compute()
    [True]
    """
    scale = get_scale(scale)
    n = None if n is None else _count("n", n)
    return ensure(
        _inspections_spec(scale, data_dir(), _seed(seed), n), force=force
    ).path


# ---------------------------------------------------------------- random array


def _random_array_spec(scale: str, root: Path, seed: int, n: int | None) -> Spec:
    size = ARRAY_VALUES[scale] if n is None else n
    chunk = min(ARRAY_CHUNK[scale], size)

    def build(folder: Path, progress: bool) -> None:
        import zarr

        rng = np.random.default_rng(seed)
        attrs = {"synthetic": True, "distribution": "exponential(1)", "seed": seed}
        z = zarr.create_array(
            store=folder,
            shape=(size,),
            chunks=(chunk,),
            dtype="float32",
            compressors=None,
            fill_value=0.0,
            attributes=attrs,
        )
        for start in progress_bar(range(0, size, chunk), progress, "random array"):
            k = min(chunk, size - start)
            z[start : start + k] = rng.standard_exponential(k, dtype=np.float32)

    custom = seed != DEFAULT_SEED or n is not None
    call = _call("random_array_store", seed=seed, scale=scale, n=n) if custom else None
    name = f"random-seed{seed}" + ("" if n is None else f"-n{n}")
    return _spec(
        "random-array",
        root / scale / f"{name}.zarr",
        build,
        scale=scale,
        seed=seed,
        job="random_array",
        call=call,
        synthetic=True,
        values=size,
        chunk=chunk,
        note="SYNTHETIC exponential(1) draws, float32, Zarr v3",
    )


def random_array_store(
    *,
    seed: int = DEFAULT_SEED,
    scale: str | None = None,
    n: int | None = None,
    force: bool = False,
) -> Path:
    """A Zarr (v3) array of ``n`` SYNTHETIC exponential float32 numbers.

    The seed notebook's billion numbers on disk at ``large`` (4 GB, chunks of
    10 million); 20 million at ``small`` (80 MB, chunks of a million).
    Written chunk by chunk, so memory stays small.

    >>> import dask.array as da
    >>> x = da.from_zarr(random_array_store())
    >>> x.shape, x.chunksize
    ((20000000,), (1000000,))
    """
    scale = get_scale(scale)
    n = None if n is None else _count("n", n)
    return ensure(
        _random_array_spec(scale, data_dir(), _seed(seed), n), force=force
    ).path


# ---------------------------------------------------------------- command line

#: The data sets that the scripts prepare: name -> ``(scale, root) -> Spec``.
JOBS = {
    "flights": (_flights_csv_spec, _flights_parquet_spec),
    "scaled_table": (lambda s, r: _scaled_table_spec(s, r, TABLE_FACTOR[s]),),
    "inspections": (lambda s, r: _inspections_spec(s, r, DEFAULT_SEED, None),),
    "random_array": (lambda s, r: _random_array_spec(s, r, DEFAULT_SEED, None),),
}


def main(names: Sequence[str], argv: Sequence[str] | None = None) -> int:
    """Prepare the data sets ``names`` (keys of :data:`JOBS`).

    Options ``--scale {small,large}``, ``--out FOLDER``, ``--force``; returns
    the exit code (0 done, 1 a data or disk error, 2 bad arguments).
    """
    unknown = [name for name in names if name not in JOBS]
    if unknown or not names:
        raise ValueError(f"names must be some of {sorted(JOBS)}, got {list(names)}")
    return run_cli({name: JOBS[name] for name in names}, argv)


def cli(argv: Sequence[str] | None = None) -> int:
    """``daskgallery-data [NAME ...]`` (or ``python -m daskgallery.datasets``).

    The pages build their data on first use; this prepares the data sets
    named (every one by default: ``flights``, ``scaled_table``,
    ``inspections``, ``random_array``) in advance, with the options of
    :func:`main`.
    """
    return run_cli(JOBS, argv, choose=True)


if __name__ == "__main__":
    raise SystemExit(cli())
