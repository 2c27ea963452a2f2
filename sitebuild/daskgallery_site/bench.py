"""Time the site's build on this machine and check it against its targets.

    python -m daskgallery_site.bench          # report: docs/_build/bench.json
    python -m daskgallery_site.bench --output bench.json
    python -m daskgallery_site.bench --example 03_array/plot_01_chunked_arrays.py

Three builds of all four languages, each with ``python -m daskgallery_site.build html``:

1. cold: no generated gallery, no ``docs/_build``, no data sets (every example
   runs and makes its data, as on a new machine);
2. no change: the same sources again (sphinx-gallery executes nothing);
3. one example changed: a blank line appended to one ``gallery/`` script
   (its page does not change, its checksum does), which must be the only
   example executed.

The builds run in a scratch copy of the sources: the files git knows (tracked,
or new and not ignored) as they are in your working tree, with their own data
folder (``DASKGALLERY_DATA``). Your ``docs/_build``, ``docs/examples`` and
data cache are not touched; the copy is deleted at the end (``--keep`` keeps it).

For each build the report has the wall time, in total and per language, the
examples executed (sphinx-gallery's "executed N out of M" lines of
``docs/_build/logs/html-<lang>.log``) and the split between execution (the run
times sphinx-gallery records in ``<example>.cost.json`` for the examples it
executed in that build) and rendering (the rest). It reads only the build's
output, logs and records (:mod:`daskgallery_site.bench_report`), not the build script's
internals. The exit status is 1 when a target is missed, 2 when a build fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from daskgallery_site.bench_report import (
    BenchError,
    Build,
    check_targets,
    cpu_model,
    print_summary,
    read_summaries,
    summarize,
    versions,
)

#: The project's folder: this package lives in <root>/sitebuild/daskgallery_site/
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUTPUT = ROOT / "docs" / "_build" / "bench.json"
#: Appended to the example the third build changes: a blank line. A comment
#: would join the script's last text block and change the page's reST.
CHANGE = "\n"


# --- the scratch copy ---------------------------------------------------------------


def source_files(root: Path) -> list[str]:
    """The files git knows in ``root``: tracked, or untracked and not ignored."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        raise BenchError(
            f"bench needs a git checkout with git installed: {err}"
        ) from err
    return sorted({name for name in listed.decode().split("\0") if name})


def scratch_copy(root: Path, dest: Path) -> int:
    """Copy the sources of ``root`` into ``dest``; returns how many files."""
    copied = 0
    for name in source_files(root):
        source = root / name
        if source.is_file():  # deleted in the working tree: not a source any more
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied += 1
    return copied


def touch_example(path: Path) -> None:
    """A harmless change: a blank line at the end of the script."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + CHANGE, encoding="utf-8")


def build_env(tree: Path, base: dict[str, str]) -> dict[str, str]:
    """The scratch copy's helper and build packages and data folder; output
    line by line."""
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join(
        [
            str(tree / "src"),
            str(tree / "sitebuild"),
            *filter(None, [base.get("PYTHONPATH")]),
        ]
    )
    env["DASKGALLERY_DATA"] = str(tree / ".bench-data")
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_build(tree: Path, env: dict[str, str], log_file: Path) -> Build:
    """``python -m daskgallery_site.build html`` in ``tree``, timed; its output
    kept in ``log_file``."""
    since = time.time()
    started = time.perf_counter()
    with log_file.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-m", "daskgallery_site.build", "html"],
            cwd=tree,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        lines = log_file.read_text(encoding="utf-8").splitlines()[-15:]
        raise BenchError(
            f"the build failed ({done.returncode}); {log_file}:\n" + "\n".join(lines)
        )
    summaries = read_summaries(tree / "docs" / "_build" / "doctrees", since)
    return Build(seconds, summaries)


def git_state(root: Path) -> dict[str, object]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "-s"))}


def bench(tree: Path, example: str, output: Path, sources: dict) -> dict:
    """Run the three builds in ``tree`` (a fresh scratch copy); the report."""
    gallery_script = tree / "gallery" / example
    if not gallery_script.is_file():
        raise BenchError(f"no example gallery/{example}")
    env = build_env(tree, dict(os.environ))
    logs = output.parent / "bench-logs"
    logs.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    runs = {}
    for name in ("cold", "no_change", "one_change"):
        if name == "one_change":
            touch_example(gallery_script)
        print(f"bench: {name} build ...", flush=True)
        runs[name] = summarize(run_build(tree, env, logs / f"{name}.log"))
        print(f"bench: {name} build took {runs[name]['seconds']:.1f} s", flush=True)
    from daskgallery.system import machine

    targets = check_targets(runs, example)
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sources": sources,
        "scale": os.environ.get("DASKGALLERY_SCALE") or "small",
        "changed_example": example,
        "machine": {**machine().as_dict(), "cpu_model": cpu_model()},
        "load_average_1_5_15_min": {"before": load_before, "after": os.getloadavg()},
        "versions": versions(),
        "runs": runs,
        "targets": targets,
        "passed": all(t["passed"] for t in targets),
        "build_logs": str(logs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output", type=Path, default=DEFAULT_OUTPUT, help="the JSON report"
    )
    parser.add_argument(
        "--example",
        default=None,
        help="the example to change, under gallery/ (default: the first one)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch copy (path printed)"
    )
    args = parser.parse_args(argv)
    output = args.output.resolve()
    example = args.example or min(
        p.relative_to(ROOT / "gallery").as_posix()
        for p in (ROOT / "gallery").rglob("plot_*.py")
    )
    # not "daskgallery-*": tests/test_build_leftovers.py looks for those
    tree = Path(tempfile.mkdtemp(prefix="bench-daskgallery-"))
    try:
        sources = git_state(ROOT)  # what the copy is made of
        print(f"bench: {scratch_copy(ROOT, tree)} source files copied to {tree}")
        report = bench(tree, example, output, sources)
    except BenchError as err:
        print(f"bench: {err}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"bench: scratch copy kept in {tree}")
        else:
            shutil.rmtree(tree, ignore_errors=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_summary(report, output)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
