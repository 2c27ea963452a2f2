"""The prose claims of D7 (labelled arrays with Xarray), checked against what
the build printed.

The numbers come from the English page's captured output (the translated
pages show the same run). The data set is seeded, so its shapes, chunks and
checks are exact; the memory peaks are checked against bounds that hold on
any number of cores.
"""

from __future__ import annotations

import re

import pytest
from conftest import number, output, page_soup

PAGE = "03_array/plot_08_xarray"
UNITS = {"B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
SIZE = r"([\d.]+ (?:B|KiB|MiB|GiB|TiB))"  # as daskgallery.system.human_size writes
CHUNKS = r"\((\d+), (\d+), (\d+)\)"


def size(pattern: str, text: str) -> float:
    """Bytes of the human-readable size captured by the first group of pattern."""
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r} in:\n{text}"
    value, unit = found.group(1).split()
    return float(value) * UNITS[unit]


def chunks(pattern: str, text: str) -> tuple[int, ...]:
    found = re.search(pattern, text, re.M)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return tuple(int(n) for n in found.groups())


def days(out: str) -> int:
    return int(number(r"Dimensions: +\(time: (\d+), lat: \d+, lon: \d+\)", out))


def test_d7_a_labelled_synthetic_data_set_on_lazy_chunks(site):
    out = output(PAGE)
    assert re.search(r"^<xarray\.Dataset> Size: ", out, re.M)
    # "on a grid of 2.5 degrees": 180 / 2.5 latitudes, 360 / 2.5 longitudes
    assert re.search(r"Dimensions: +\(time: \d+, lat: 72, lon: 144\)", out)
    assert re.search(r"^ +\* lat +\(lat\) float64 .* -88\.75 .* 88\.75$", out, re.M)
    time = r"^ +\* time +\(time\) datetime64\[\w+\] .* 2024-12-31$"
    assert re.search(time, out, re.M)
    # the values: a lazy Dask array in chunks of 92 days, dimensions by name
    assert re.search(
        r"^ +temperature +\(time, lat, lon\) float32 .*"
        r"dask\.array<chunksize=\(92, 72, 144\), meta=np\.ndarray>$",
        out,
        re.M,
    )
    assert re.search(r"^ +title: +Synthetic daily air temperature$", out, re.M)


def test_d7_the_printed_summary_is_the_same_in_every_run(site):
    out = output(PAGE)
    # no memory address, no random token (Dask keys, uuids) in what is printed
    assert not re.search(r"\b0x[0-9a-f]+\b", out)
    assert not re.search(r"\b[0-9a-f]{8,}\b", out)
    # Xarray's HTML summary names its elements with uuids: the page prints text
    html = str(page_soup(PAGE))
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-", html)
    assert "xr-wrap" not in html
    for word in ("Warning", "Traceback"):
        assert word not in out


def test_d7_zarr_chunks_on_disk_are_the_dask_chunks(site):
    out = output(PAGE)
    dask = chunks(rf"^Dask: chunksize {CHUNKS}, ", out)
    assert dask == (92, 72, 144)
    assert chunks(rf"^Zarr: chunks {CHUNKS}, ", out) == dask
    assert chunks(rf"^open_zarr: chunksize {CHUNKS}, ", out) == dask
    # one Zarr chunk written per Dask chunk, read back as one Dask chunk each
    n = number(r"(?m)^Dask: .*, npartitions (\d+)$", out)
    assert n == -(-days(out) // 92)
    assert number(r"(?m)^Zarr: .*, written (\d+)$", out) == n
    assert number(r"(?m)^open_zarr: .*, npartitions (\d+)$", out) == n
    # values, coordinates and attributes read back unchanged
    assert re.search(r"^identical: True$", out, re.M)


def test_d7_groupby_month_and_resample_match_pandas(site):
    out = output(PAGE)
    # twelve groups, one per calendar month
    assert "climatology: {'month': 12, 'lat': 72, 'lon': 144}" in out
    # resample: each year has its own twelve months
    months = number(r"(?m)^monthly: \{'time': (\d+), 'lat': 72, 'lon': 144\}", out)
    assert months == 12 * round(days(out) / 365.25)
    # both checked at one point against pandas
    assert len(re.findall(r"^equal to pandas: True$", out, re.M)) == 2
    assert "equal to pandas: False" not in out


def test_d7_chunk_by_chunk_needs_a_few_chunks_all_at_once_the_array_twice(site):
    out = output(PAGE)
    array = size(rf"(?m)^array: {SIZE}, ", out)
    chunk = size(rf"(?m)^array: .*, chunk: {SIZE}$", out)
    assert chunk == pytest.approx(92 * 72 * 144 * 4, rel=0.02)  # float32
    assert array == pytest.approx(days(out) * 72 * 144 * 4, rel=0.01)
    threads = int(number(r"(?m)^(\d+) cores · Python ", out))
    lazy = size(rf"(?m)^chunk_by_chunk: peak {SIZE}$", out)
    whole = size(rf"(?m)^all_at_once: peak {SIZE}$", out)
    # "a few chunks per thread at most" (a chunk, its compressed bytes and the
    # temporaries of its partial mean)
    assert lazy <= (3 * threads + 2) * chunk
    # "the whole array, twice for a moment", then the mean's temporary copies
    assert whole >= 1.8 * array
    assert lazy < 0.75 * whole  # even when every chunk has a thread
    assert re.search(r"^same map: True$", out, re.M)


def test_d7_two_figures(site):
    soup = page_soup(PAGE)
    figures = soup.select("img.sphx-glr-single-img, img.sphx-glr-multi-img")
    assert len(figures) == 2  # the climatology at two points, the memory traces
