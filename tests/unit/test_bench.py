"""The build benchmark (daskgallery_site.bench, .bench_report), without building."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from daskgallery_site import bench as bench_site
from daskgallery_site import bench_report as report
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

ROOT = Path(__file__).resolve().parents[2]


def summary(lang: str, started: float, finished: float, executed=(), skipped=30):
    """A build summary as sphinxext.summary writes it."""
    return {
        "language": lang,
        "started": started,
        "finished": finished,
        "examples_found": len(executed) + skipped,
        "skipped_unchanged": skipped,
        "executed": {name: {"seconds": t, "peak_mib": 1.0} for name, t in executed},
        "examples": {},
        "reports": [],
    }


# --- reading the summaries -----------------------------------------------------


def test_summaries_of_this_build_in_the_order_they_ran(tmp_path):
    since = time.time()
    for lang, started in (("pt", since + 20), ("en", since + 1), ("fr", since - 99)):
        folder = tmp_path / lang
        folder.mkdir()
        (folder / "daskgallery-summary.json").write_text(
            json.dumps(summary(lang, started, started + 10))
        )
    found = report.read_summaries(tmp_path, since)
    assert list(found) == ["en", "pt"]  # fr: an earlier build's


def test_no_summary_is_an_error(tmp_path):
    with pytest.raises(report.BenchError, match="no summary"):
        report.read_summaries(tmp_path, time.time())


# --- one build's report ----------------------------------------------------------


def one_build(seconds: float, executed: dict[str, float]) -> object:
    en = summary("en", 1.0, 21.0, executed.items(), 30 - len(executed))
    pt = summary("pt", 22.0, 30.0)
    return report.Build(seconds, {"en": en, "pt": pt})


def test_summary_splits_execution_from_rendering():
    build = one_build(40.0, {"00_intro/plot_01_a.py": 6.5, "01_more/plot_02_b.py": 3.5})
    result = report.summarize(build)
    assert result["execution_seconds"] == 10.0
    assert result["rendering_seconds"] == 30.0
    assert result["examples_executed"] == 2
    assert result["phases"]["en"] == {
        "seconds": 20.0,
        "examples_executed": 2,
        "examples_skipped_unchanged": 28,
    }
    assert result["phases"]["pt"]["examples_skipped_unchanged"] == 30
    assert result["examples_found"] == 30  # each language sees them all
    phases = sum(p["seconds"] for p in result["phases"].values())
    assert phases + result["other_seconds"] == pytest.approx(40.0)


# --- targets ------------------------------------------------------------------------


def run(seconds: float, executed: dict[str, float], found: int = 3):
    return {
        "seconds": seconds,
        "examples_executed": len(executed),
        "examples_found": found,
        "executed": executed,
    }


CHANGED = "00_intro/plot_01_a.py"
ALL = {f"00_intro/plot_0{i}_x.py": 1.0 for i in range(1, 4)}


def good_runs() -> dict:
    return {
        "cold": run(300.0, ALL),
        "no_change": run(8.0, {}),
        "one_change": run(12.0, {CHANGED: 1.0}),
    }


def test_targets_met():
    targets = report.check_targets(good_runs(), CHANGED)
    assert len(targets) == 6
    assert all(t["passed"] for t in targets), targets


@pytest.mark.parametrize(
    ("run_name", "change", "missed"),
    [
        ("cold", {"seconds": 600.0}, "cold build, four languages"),
        ("cold", {"examples_executed": 2}, "cold build executes every example"),
        ("no_change", {"seconds": 10.0}, "rebuild with no change, four languages"),
        ("no_change", {"examples_executed": 1}, "rebuild with no change executes"),
        ("one_change", {"seconds": 15.5}, "changed, four languages"),
        (
            "one_change",
            {"executed": {"00_intro/plot_02_b.py": 1.0}},
            "executes only it",
        ),
        (
            "one_change",
            {"executed": {CHANGED: 1.0, "x/plot_09.py": 1.0}, "examples_executed": 2},
            "executes only it",
        ),
    ],
)
def test_each_missed_target_fails_alone(run_name, change, missed):
    runs = good_runs()
    runs[run_name].update(change)
    failed = [t["name"] for t in report.check_targets(runs, CHANGED) if not t["passed"]]
    assert len(failed) == 1
    assert missed in failed[0]


def test_a_cold_build_that_found_no_example_fails():
    runs = good_runs()
    runs["cold"] = run(100.0, {}, found=0)
    failed = [t["name"] for t in report.check_targets(runs, CHANGED) if not t["passed"]]
    assert failed == ["cold build executes every example"]


# --- the scratch copy ---------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_scratch_copy_takes_the_working_tree_sources_only(tmp_path):
    repo, dest = tmp_path / "repo", tmp_path / "copy"
    (repo / "gallery").mkdir(parents=True)
    (repo / ".gitignore").write_text("docs/_build/\n")
    (repo / "gallery" / "plot_01.py").write_text("print(1)\n")
    (repo / "gone.txt").write_text("deleted later\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "init")
    (repo / "gallery" / "plot_01.py").write_text("print(2)\n")  # edited, uncommitted
    (repo / "gallery" / "plot_02.py").write_text("print(3)\n")  # new, not added
    (repo / "docs" / "_build").mkdir(parents=True)
    (repo / "docs" / "_build" / "built.html").write_text("<p>")  # ignored
    (repo / "gone.txt").unlink()
    assert bench_site.scratch_copy(repo, dest) == 3
    copied = sorted(
        p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()
    )
    assert copied == [".gitignore", "gallery/plot_01.py", "gallery/plot_02.py"]
    assert (dest / "gallery" / "plot_01.py").read_text() == "print(2)\n"


def test_scratch_copy_needs_a_git_checkout(tmp_path):
    with pytest.raises(report.BenchError, match="git checkout"):
        bench_site.scratch_copy(tmp_path, tmp_path / "copy")


@pytest.mark.parametrize("ending", ["", "\n"])
def test_the_change_to_an_example_changes_its_checksum_only(tmp_path, ending):
    script = tmp_path / "plot_01.py"
    source = '"""Title\n=====\n"""\n\nx = 1' + ending
    script.write_text(source)
    bench_site.touch_example(script)
    changed = script.read_text()
    assert changed.startswith(source)
    assert changed != source
    assert ast.dump(ast.parse(changed)) == ast.dump(ast.parse(source))


@pytest.mark.parametrize(
    "script", sorted((ROOT / "gallery").rglob("plot_*.py")), ids=lambda p: p.stem
)
def test_the_change_leaves_sphinx_gallerys_blocks_as_they_were(tmp_path, script):
    """The page of the changed example is the same: only its checksum differs."""
    copy = tmp_path / script.name
    copy.write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    _, before = split_code_and_text_blocks(copy)
    bench_site.touch_example(copy)
    _, after = split_code_and_text_blocks(copy)

    def blocks(found):
        return [(b.type, b.content.strip()) for b in found]

    assert blocks(after) == blocks(before)


def test_builds_use_the_copy_s_package_and_data_folder(tmp_path):
    env = bench_site.build_env(
        tmp_path, {"PYTHONPATH": "/elsewhere", "HOME": "/home/x"}
    )
    assert env["PYTHONPATH"].split(os.pathsep) == [
        str(tmp_path / "src"),
        str(tmp_path / "sitebuild"),
        "/elsewhere",
    ]
    assert Path(env["DASKGALLERY_DATA"]).is_relative_to(tmp_path)
    assert env["PYTHONUNBUFFERED"] == "1"
    assert env["HOME"] == "/home/x"


def build_from_summaries(seconds: float, executed: dict[str, float]):
    en = summary("en", 1.0, 5.0, executed.items(), skipped=3 - len(executed))
    pt = summary("pt", 6.0, 8.0, skipped=3)
    return report.Build(seconds, {"en": en, "pt": pt})


def test_targets_of_three_builds_read_from_their_summaries():
    """Cold: en runs all 3 and pt skips all 3; that is every example, once."""
    runs = {
        "cold": report.summarize(build_from_summaries(300.0, ALL)),
        "no_change": report.summarize(build_from_summaries(8.0, {})),
        "one_change": report.summarize(build_from_summaries(12.0, {CHANGED: 1.0})),
    }
    assert runs["cold"]["examples_executed"] == 3
    assert runs["cold"]["examples_found"] == 3
    targets = report.check_targets(runs, CHANGED)
    assert all(t["passed"] for t in targets), targets
