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

ROOT = Path(__file__).resolve().parents[1]


def gallery_log(executed: int, of: int, skipped: int, lang: str = "en") -> str:
    """A build log as sphinx-gallery 0.22 and Sphinx write it."""
    files = "file" if of == 1 else "files"
    stale = "file" if skipped == 1 else "files"
    return (
        "Running Sphinx v9.0.4\n"
        f"loading translations [{lang}]... done\n"
        "generating gallery...\n"
        f"\nSphinx-Gallery successfully executed {executed} out of {of} {files}"
        " subselected by:\n\n"
        "    gallery_conf[\"filename_pattern\"] = '/plot_'\n"
        "    gallery_conf[\"ignore_pattern\"]   = '__init__\\\\.py'\n"
        f"\nafter excluding {skipped} {stale} that had previously been run"
        " (based on MD5).\n\n"
        "build succeeded.\n\n"
        f"The HTML pages are in docs/_build/html/{lang}.\n"
    )


def timed(lines: list[str], start: float, step: float) -> list[tuple[float, str]]:
    return [(start + i * step, line + "\n") for i, line in enumerate(lines)]


# --- reading the logs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("executed", "of", "skipped"), [(30, 30, 0), (0, 0, 30), (1, 1, 29), (1, 1, 1)]
)
def test_executed_counts_read_sphinx_gallerys_summary(executed, of, skipped):
    log = gallery_log(executed, of, skipped)
    assert report.executed_counts(log) == (executed, of, skipped)


def test_executed_counts_add_up_several_summaries():
    log = gallery_log(2, 3, 4) + gallery_log(1, 1, 0)
    assert report.executed_counts(log) == (3, 4, 4)


def test_a_log_without_sphinx_gallerys_summary_is_an_error():
    with pytest.raises(report.BenchError, match="successfully executed"):
        report.executed_counts("Running Sphinx v9.0.4\nbuild succeeded.\n")


def test_phase_spans_find_each_language_in_the_output():
    en = gallery_log(1, 1, 29, "en")
    pt = gallery_log(0, 0, 30, "pt")
    lines = ["$ python -m sphinx ... language=en", *en.rstrip("\n").split("\n")]
    lines += ["$ python -m sphinx ... language=pt", *pt.rstrip("\n").split("\n")]
    lines += ["", "Build phases:"]
    stream = timed(lines, start=0.5, step=1.0)
    spans = report.phase_spans(stream, {"pt": pt, "en": en})
    en_end = 0.5 + len(en.rstrip("\n").split("\n"))
    pt_end = en_end + 1 + len(pt.rstrip("\n").split("\n"))
    assert spans == {"en": (0.0, en_end), "pt": (en_end, pt_end)}
    assert list(spans) == ["en", "pt"]  # in the order they ran


def test_phase_spans_need_the_whole_log_block():
    en = gallery_log(0, 0, 30, "en")
    stream = timed(en.split("\n")[:3], start=0.0, step=1.0)
    with pytest.raises(report.BenchError, match="en log"):
        report.phase_spans(stream, {"en": en})


def test_executed_examples_are_the_records_written_during_the_build(tmp_path):
    chapter = tmp_path / "00_intro"
    chapter.mkdir()
    old, new = chapter / "plot_01_old.cost.json", chapter / "plot_02_new.cost.json"
    old.write_text(json.dumps({"time": 9.0, "memory": 0.0}))
    new.write_text(json.dumps({"time": 2.25, "memory": 0.0}))
    started = time.time()
    os.utime(old, (started - 100, started - 100))  # an earlier build's record
    os.utime(new, (started + 5, started + 5))
    assert report.executed_examples(tmp_path, started) == {
        "00_intro/plot_02_new.py": 2.25
    }


# --- one build's report ----------------------------------------------------------


def one_build(seconds: float, executed: dict[str, float]) -> object:
    logs = {
        "en": gallery_log(len(executed), len(executed), 30 - len(executed), "en"),
        "pt": gallery_log(0, 0, 30, "pt"),
    }
    lines = [*logs["en"].split("\n")[:-1], *logs["pt"].split("\n")[:-1], "done"]
    stream = timed(lines, start=1.0, step=0.5)
    return report.Build(seconds, stream, logs, executed)


def test_summary_splits_execution_from_rendering():
    build = one_build(40.0, {"00_intro/plot_01_a.py": 6.5, "01_more/plot_02_b.py": 3.5})
    summary = report.summarize(build)
    assert summary["execution_seconds"] == 10.0
    assert summary["rendering_seconds"] == 30.0
    assert summary["examples_executed"] == 2
    assert summary["records_match_logs"] is True
    assert summary["phases"]["en"]["examples_executed"] == 2
    assert summary["phases"]["pt"]["examples_skipped_unchanged"] == 30
    assert summary["examples_found"] == 30  # each language sees them all
    phases = sum(p["seconds"] for p in summary["phases"].values())
    assert phases + summary["other_seconds"] == pytest.approx(40.0)


def test_summary_tells_when_records_and_logs_disagree():
    build = one_build(40.0, {})
    build.logs["en"] = build.logs["en"].replace(
        "executed 0 out of 0", "executed 1 out of 1"
    )
    lines = [*build.logs["en"].split("\n")[:-1], *build.logs["pt"].split("\n")[:-1]]
    build.stream = timed(lines, start=1.0, step=0.5)
    assert report.summarize(build)["records_match_logs"] is False


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
        "no_change": run(40.0, {}),
        "one_change": run(60.0, {CHANGED: 1.0}),
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
        ("no_change", {"seconds": 60.0}, "rebuild with no change, four languages"),
        ("no_change", {"examples_executed": 1}, "rebuild with no change executes"),
        ("one_change", {"seconds": 90.5}, "changed, four languages"),
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


def build_from_logs(seconds: float, en: tuple[int, int, int], executed: dict):
    logs = {"en": gallery_log(*en, "en"), "pt": gallery_log(0, 0, 3, "pt")}
    lines = [*logs["en"].split("\n")[:-1], *logs["pt"].split("\n")[:-1]]
    return report.Build(seconds, timed(lines, start=1.0, step=0.1), logs, executed)


def test_targets_of_three_builds_read_from_their_logs():
    """Cold: en runs all 3 and pt skips all 3; that is every example, once."""
    runs = {
        "cold": report.summarize(build_from_logs(300.0, (3, 3, 0), ALL)),
        "no_change": report.summarize(build_from_logs(40.0, (0, 0, 3), {})),
        "one_change": report.summarize(
            build_from_logs(60.0, (1, 1, 2), {CHANGED: 1.0})
        ),
    }
    assert runs["cold"]["examples_executed"] == 3
    targets = report.check_targets(runs, CHANGED)
    assert all(t["passed"] for t in targets), targets
