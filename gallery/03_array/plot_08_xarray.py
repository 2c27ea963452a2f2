"""
Labelled arrays with Xarray
===========================

Xarray names the axes of an array and labels the positions along them, such
as dates. It keeps the values in a Dask array. You will group and resample a
labelled data set by date, write it to Zarr and measure its memory.
"""

# %%
# A labelled data set
# -------------------
#
# Our data is synthetic: a daily air temperature on a grid of 2.5 degrees, a
# seasonal cycle plus seeded random noise. Each axis has a name, its
# ``dimension``: ``time``, ``lat`` and ``lon``. A ``coordinate`` gives the label
# of each position along a dimension. The ``attrs`` hold units and a
# description. The noise is a lazy Dask array, in chunks of 92 days.
# Arithmetic matches the dimensions by name and stays lazy. ``print`` shows
# the summary as text; in Jupyter, ``ds`` alone shows it as a table.

import dask.array as da
import numpy as np
import pandas as pd
import xarray as xr
import zarr

from daskgallery.datasets import get_scale

YEARS = {"small": 6, "large": 30}[get_scale()]
days = pd.date_range(f"{2025 - YEARS}-01-01", "2024-12-31", freq="D")
lat, lon = np.arange(-88.75, 90, 2.5), np.arange(1.25, 360, 2.5)
ds = xr.Dataset(coords={"time": days, "lat": lat, "lon": lon})
ds.attrs.update(title="Synthetic daily air temperature", source="daskgallery")
ds.lat.attrs["units"], ds.lon.attrs["units"] = "degrees_north", "degrees_east"
shape = (days.size, lat.size, lon.size)
noise = da.random.default_rng(42).normal(0, 3, size=shape, chunks=(92, -1, -1))
season = np.cos(2 * np.pi * (ds.time.dt.dayofyear - 15) / 365.25)  # 1 in January
normal = 28 - 0.4 * abs(ds.lat) - 15 * ds.lat / 90 * season
temperature = xr.DataArray(noise, dims=("time", "lat", "lon")) + normal
ds["temperature"] = temperature.astype(np.float32)
ds.temperature.attrs.update(units="degC", long_name="air temperature (synthetic)")
print(ds)

# %%
# Write to Zarr, open lazily
# --------------------------
#
# ``to_zarr`` computes the chunks and writes each Dask chunk as one Zarr chunk,
# in a temporary folder. Zarr format 3 has no consolidated metadata yet, so we
# turn it off. ``open_zarr`` reads the metadata and the coordinates, not the
# values: it gives one lazy Dask chunk per Zarr chunk. ``identical`` compares
# values, coordinates and attributes.

import tempfile

scratch = tempfile.TemporaryDirectory()
path = f"{scratch.name}/temperature.zarr"
ds.to_zarr(path, consolidated=False)
on_disk = zarr.open_array(f"{path}/temperature", mode="r")
back = xr.open_zarr(path, consolidated=False)
data, read = ds.temperature.data, back.temperature.data
print(f"Dask: chunksize {data.chunksize}, npartitions {data.npartitions}")
print(f"Zarr: chunks {on_disk.chunks}, written {on_disk.nchunks_initialized}")
print(f"open_zarr: chunksize {read.chunksize}, npartitions {read.npartitions}")
print(f"identical: {back.identical(ds)}")

# %%
# ``groupby``: a monthly climatology
# ----------------------------------
#
# ``groupby("time.month")`` puts every January in one group, every February in
# the next, and so on. The group means are the ``climatology``: the usual
# temperature of each month. ``sel`` picks positions by label: the grid points
# nearest to 47° N and 34° S. We check one with pandas. Xarray plots with
# Matplotlib, labelled from the data: the seasons are opposite in the two
# hemispheres.

import matplotlib.pyplot as plt

climatology = back.temperature.groupby("time.month").mean()
print(f"climatology: {dict(climatology.sizes)}")
points = climatology.sel(lat=[47, -34], lon=11, method="nearest").compute()
series = back.temperature.sel(lat=47, lon=11, method="nearest").to_series()
by_pandas = series.groupby(series.index.month).mean()
print(f"equal to pandas: {np.allclose(points.isel(lat=0), by_pandas)}")
fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
lines = points.plot.line(x="month", hue="lat", marker="o", ax=ax)

# %%
# ``resample``: monthly means
# ---------------------------
#
# ``resample`` cuts the time axis into consecutive bins. ``"MS"`` makes one bin
# per calendar month, labelled by its first day: each year has its own months.

monthly = back.temperature.resample(time="MS").mean()
print(f"monthly: {dict(monthly.sizes)}, npartitions {monthly.data.npartitions}")
one_point = monthly.sel(lat=47, lon=11, method="nearest")
print(f"equal to pandas: {np.allclose(one_point, series.resample('MS').mean())}")

# %%
# Memory: chunk by chunk, or all at once
# --------------------------------------
#
# ``mean("time")`` names the dimension to reduce. On the lazy array, each task
# reads one chunk and keeps a small partial result. ``compute()`` on the whole
# array reads every chunk into one NumPy array (``load()`` does the same, in
# place). ``trace_memory`` measures the peak memory of each.

from daskgallery.memory import plot_memory, trace_memory
from daskgallery.system import human_size, machine

runs = {
    "chunk_by_chunk": lambda: back.temperature.mean("time").compute(),
    "all_at_once": lambda: back.temperature.compute().mean("time"),
}
print(f"array: {human_size(data.nbytes)}, chunk: {human_size(data.blocks[0].nbytes)}")
maps, traces = {}, {}
for name, run in runs.items():
    maps[name], traces[name] = trace_memory(run)
    print(f"{name}: peak {human_size(traces[name].peak_increase)}")
print(f"same map: {np.allclose(*maps.values())}")
print(machine().label())
fig = plot_memory(traces, title="The mean over time of the same Zarr array")
scratch.cleanup()  # removes the Zarr folder

# %%
# Chunk by chunk, the peak is a few chunks per thread at most, often less: a
# chunk reuses the memory that earlier chunks gave back. All at once, the
# process holds the whole array, twice for a moment (the chunks and their copy
# into one array), and the mean on it makes temporary copies.
#
# What we learned
# ---------------
#
# - Xarray names the dimensions and labels their positions with coordinates:
#   ``sel``, ``groupby`` and ``resample`` use these labels.
# - On Dask chunks, Xarray stays lazy. ``to_zarr`` writes one Zarr chunk per
#   Dask chunk, and ``open_zarr`` opens them lazily.
# - A reduction chunk by chunk needs a few chunks of memory. Loading the whole
#   array first needs all of it, and more.
#
# Next
# ----
#
# - :ref:`sphx_glr_examples_04_dataframe_plot_01_from_pandas.py`: tables
#   cut into partitions.
# - The Xarray documentation on `parallel computing with Dask
#   <https://docs.xarray.dev/en/stable/user-guide/dask.html>`_.
