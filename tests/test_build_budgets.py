"""Each example stays within its time budget at the default scale.

sphinx-gallery records every example's run time in ``<example>.cost.json``
next to the generated page when it executes it; those records are what is
checked here. Budget: 30 s per example on the project's 2-core machines.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT

GENERATED = ROOT / "docs" / "examples"
SOURCES = sorted((ROOT / "gallery").rglob("plot_*.py"))
BUDGET_SECONDS = 30


@pytest.mark.parametrize("script", SOURCES, ids=lambda p: p.stem)
def test_example_runs_within_budget(site, script):
    record = GENERATED / script.relative_to(ROOT / "gallery")
    cost = json.loads(record.with_suffix(".cost.json").read_text(encoding="utf-8"))
    assert 0 <= cost["time"] < BUDGET_SECONDS, f"{script.name}: {cost['time']:.1f} s"
