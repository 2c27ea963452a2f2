"""Each example stays within its time and memory budgets at the default scale.

sphinx-gallery records every example's run time and peak memory when it
executes it; the English build's summary (``daskgallery-summary.json``) gives
those records, and they are what is checked here. Budgets, on the project's
2-core machines: 20 s and 2 GiB per example.

The memory is measured by :class:`daskgallery_site.peak_memory.PeakMemory`
(``show_memory`` in docs/conf.py): the peak of the build process and of every
process the example starts (process pools, ``LocalCluster`` workers, ``dask
worker`` programs), above what the build process used when the example
started, in MiB.
"""

from __future__ import annotations

import runpy

import pytest
from conftest import ROOT
from daskgallery_site.peak_memory import PeakMemory
from daskgallery_site.sphinxext.summary import read_summary

SOURCES = sorted((ROOT / "gallery").rglob("plot_*.py"))
BUDGET_SECONDS = 20
BUDGET_MIB = 2048


def cost(script) -> dict[str, float]:
    summary = read_summary(ROOT / "docs" / "_build" / "doctrees" / "en")
    return summary["examples"][script.relative_to(ROOT / "gallery").as_posix()]


@pytest.mark.parametrize("script", SOURCES, ids=lambda p: p.stem)
def test_example_runs_within_budget(site, script):
    seconds = cost(script)["seconds"]
    assert 0 <= seconds < BUDGET_SECONDS, f"{script.name}: {seconds:.1f} s"


def test_peak_memory_is_measured_with_child_processes():
    conf = runpy.run_path(str(ROOT / "docs" / "conf.py"))["sphinx_gallery_conf"]
    assert isinstance(conf.get("show_memory"), PeakMemory), (
        "docs/conf.py: sphinx_gallery_conf['show_memory'] must be a PeakMemory, "
        f"got {conf.get('show_memory')!r}: the memory records would not count "
        "the processes the examples start, or be zeros"
    )


@pytest.mark.parametrize("script", SOURCES, ids=lambda p: p.stem)
def test_example_peak_memory_within_budget(site, script):
    mib = cost(script)["peak_mib"]
    assert 0 <= mib < BUDGET_MIB, f"{script.name}: peak {mib:.0f} MiB"
