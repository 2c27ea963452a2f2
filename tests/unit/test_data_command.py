"""``daskgallery-data``: the command line that prepares the data sets, run for real."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

#: data set named on the command line -> {label it prints: folder it builds}
#: at the small scale
BUILDS = {
    "flights": {
        "flights-csv": "flights-csv",
        "flights-parquet": "flights-parquet",
    },
    "scaled_table": {"scaled-table": "penguins-x8000"},
    "inspections": {"inspections": "inspections-seed42"},
    "random_array": {"random-array": "random-seed42.zarr"},
}
ALL = {label: name for builds in BUILDS.values() for label, name in builds.items()}


def run(name: str, *args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """``daskgallery-data [name] ARGS`` (``all``: no name) from another folder,
    with the warnings the tests use."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DASKGALLERY_")}
    environ.update(PYTHONWARNINGS="error", **env)
    return subprocess.run(
        [sys.executable, "-m", "daskgallery.datasets", *names(name), *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def names(name: str) -> list[str]:
    return [] if name == "all" else [name]


def test_the_command_is_installed_with_the_package():
    from importlib.metadata import entry_points

    (found,) = entry_points(group="console_scripts", name="daskgallery-data")
    assert found.value == "daskgallery.datasets:cli"


def test_an_unknown_data_set_is_named_with_the_choices(tmp_path):
    result = run("penguins", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "no data set 'penguins'; choose from flights, scaled_table" in result.stderr


def mtimes(root: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """Every small data set, prepared once by ``daskgallery-data`` (first run)."""
    root = tmp_path_factory.mktemp("prepared") / "data"
    result = run("all", "--scale", "small", "--out", str(root), cwd=root.parent)
    return root, result


def test_prepare_all_first_run_builds_everything(prepared):
    root, result = prepared
    assert result.returncode == 0, result.stderr
    for label, name in ALL.items():
        assert f"{label}: built in {root / 'small' / name} (" in result.stdout
    assert "done: small scale" in result.stdout
    assert sorted(p.name for p in (root / "small").iterdir()) == sorted(ALL.values())
    assert not list(root.rglob(".*"))  # no temporary folder left


def test_prepare_all_second_run_is_up_to_date(prepared, tmp_path):
    root, _ = prepared
    before = mtimes(root)
    result = run("all", "--scale", "small", "--out", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for label, name in ALL.items():
        assert f"{label}: up to date in {root / 'small' / name}" in result.stdout
    assert "built" not in result.stdout
    assert mtimes(root) == before


@pytest.mark.parametrize("dataset", sorted(BUILDS))
def test_each_data_set_is_found_up_to_date(prepared, tmp_path, dataset):
    root, _ = prepared
    result = run(dataset, "--out", str(root), cwd=tmp_path)  # small: the default
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:-1] == [
        f"{label}: up to date in {root / 'small' / name}"
        for label, name in BUILDS[dataset].items()
    ]


def test_force_rebuilds_the_same_bytes(tmp_path):
    root = tmp_path / "data"
    first = run("inspections", "--out", str(root), cwd=tmp_path)
    assert "inspections: built in" in first.stdout, first.stderr
    folder = root / "small" / "inspections-seed42"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    times = mtimes(root)
    again = run("inspections", "--out", str(root), "--force", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "inspections: built in" in again.stdout
    assert mtimes(root) != times
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_data_folder_from_the_environment(tmp_path):
    root = tmp_path / "from-env"
    result = run("scaled_table", cwd=tmp_path, DASKGALLERY_DATA=str(root))
    assert result.returncode == 0, result.stderr
    assert (
        f"scaled-table: built in {root / 'small' / 'penguins-x8000'}" in result.stdout
    )


def test_damaged_data_set_fails_with_the_fix_then_force_repairs_it(tmp_path):
    root = tmp_path / "data"
    assert run("scaled_table", "--out", str(root), cwd=tmp_path).returncode == 0
    victim = root / "small" / "penguins-x8000" / "part-00001.parquet"
    victim.write_bytes(victim.read_bytes()[:-10])
    result = run("scaled_table", "--out", str(root), cwd=tmp_path)
    assert result.returncode == 1
    assert f"error: {victim} is truncated" in result.stderr
    assert "daskgallery-data scaled_table --scale small --out" in result.stderr
    assert "--force" in result.stderr
    fixed = run("scaled_table", "--out", str(root), "--force", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stderr
    assert "scaled-table: built in" in fixed.stdout


def test_bad_scale_exits_non_zero_with_a_message(tmp_path):
    result = run("all", "--scale", "huge", "--out", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --scale: invalid choice: 'huge'" in result.stderr
    assert "small" in result.stderr
    assert "large" in result.stderr
    assert not list(tmp_path.iterdir())


def test_bad_scale_in_the_environment(tmp_path):
    result = run(
        "flights",
        "--out",
        str(tmp_path),
        cwd=tmp_path,
        DASKGALLERY_SCALE="xl",
    )
    assert result.returncode == 2
    assert "DASKGALLERY_SCALE must be 'small' or 'large', got 'xl'" in result.stderr
    assert not list(tmp_path.iterdir())


def test_unwritable_out_exits_non_zero_with_a_message(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "sub"
    result = run("random_array", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    assert f"error: cannot write to the data folder {out}" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_help_lists_the_options(tmp_path):
    result = run("all", "--help", cwd=tmp_path)
    assert result.returncode == 0
    for option in ("--scale {small,large}", "--out FOLDER", "--force"):
        assert option in result.stdout
