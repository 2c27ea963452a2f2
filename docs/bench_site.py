"""Time the site's build on this machine and check it against its targets.

    python docs/bench_site.py                      # report: docs/_build/bench.json
    python docs/bench_site.py --output bench.json
    python docs/bench_site.py --example 03_array/plot_01_chunked_arrays.py

Three builds of all four languages, each with ``python docs/build_site.py html``:

1. cold: no generated gallery, no ``docs/_build``, no data sets (every example
   runs and makes its data, as on a new machine);
2. no change: the same sources again (sphinx-gallery executes nothing);
3. one example changed: a comment line appended to one ``gallery/`` script,
   which must be the only example executed.

The builds run in a scratch copy of the sources: the files git knows (tracked,
or new and not ignored) as they are in your working tree, with their own data
folder (``DASKGALLERY_DATA``). Your ``docs/_build``, ``docs/examples`` and
data cache are not touched; the copy is deleted at the end (``--keep`` keeps it).

For each build the report has the wall time, in total and per language, the
examples executed (sphinx-gallery's "executed N out of M" lines of
``docs/_build/logs/html-<lang>.log``) and the split between execution (the run
times sphinx-gallery records in ``<example>.cost.json`` for the examples it
executed in that build) and rendering (the rest). It reads only the build's
output, logs and records, not the build script's internals. The exit status is
1 when a target is missed, 2 when a build fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
DEFAULT_OUTPUT = DOCS / "_build" / "bench.json"
LOG = re.compile(r"html-(?P<lang>[\w-]+)\.log$")
EXECUTED = re.compile(r"Sphinx-Gallery successfully executed (\d+) out of (\d+)")
SKIPPED = re.compile(r"after excluding (\d+) files? that had previously been run")
#: Seconds, on 2 cores at the default scale (``DASKGALLERY_SCALE=small``).
TARGETS = {"cold": 600.0, "no_change": 60.0, "one_change": 90.0}
VERSIONS = (
    "sphinx",
    "sphinx-gallery",
    "pydata-sphinx-theme",
    "myst-nb",
    "sphinx-notfound-page",
    "dask",
    "distributed",
    "numpy",
    "pandas",
    "matplotlib",
)


class BenchError(RuntimeError):
    """A build failed, or its output cannot be read."""


# --- reading a build's output -----------------------------------------------------


def executed_counts(log: str) -> tuple[int, int, int]:
    """``(executed, of, skipped)`` from sphinx-gallery's lines in a build log.

    ``of`` counts the examples sphinx-gallery had to run (new or changed),
    ``skipped`` those it did not (unchanged since they last ran).

    >>> executed_counts("Sphinx-Gallery successfully executed 1 out of 1 file")
    (1, 1, 0)
    """
    found = EXECUTED.findall(log)
    if not found:
        raise BenchError('no "Sphinx-Gallery successfully executed" line in the log')
    return (
        sum(int(n) for n, _ in found),
        sum(int(m) for _, m in found),
        sum(int(k) for k in SKIPPED.findall(log)),
    )


def phase_spans(
    stream: list[tuple[float, str]], logs: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """When each language's phase ran: ``{lang: (start, end)}`` in stream seconds.

    ``stream`` is the build's output, each line with the time it was read;
    ``logs`` each language's log, whose lines are a block of that output. A
    phase ends at its log's last line and starts where the previous one ended
    (at 0 for the first): the start of its sphinx-build process is its own.
    """
    lines = [line.rstrip("\n") for _, line in stream]
    blocks = []
    for lang, text in logs.items():
        block = text.rstrip("\n").split("\n")
        at = next(
            (
                i
                for i in range(len(lines) - len(block) + 1)
                if lines[i] == block[0] and lines[i : i + len(block)] == block
            ),
            None,
        )
        if at is None:
            raise BenchError(f"the {lang} log is not in the build's output")
        blocks.append((at, at + len(block) - 1, lang))
    spans, previous = {}, 0.0
    for _first, last, lang in sorted(blocks):
        end = stream[last][0]
        spans[lang] = (previous, end)
        previous = end
    return spans


def executed_examples(examples: Path, since: float) -> dict[str, float]:
    """Examples whose run-time record was written since ``since`` (epoch seconds).

    sphinx-gallery writes ``<example>.cost.json`` when it executes an example,
    and only then. Returns ``{path under examples/: seconds}``.
    """
    found = {}
    for record in sorted(examples.rglob("*.cost.json")):
        if record.stat().st_mtime >= since:
            cost = json.loads(record.read_text(encoding="utf-8"))
            name = record.relative_to(examples).as_posix()
            found[name.removesuffix(".cost.json") + ".py"] = float(cost["time"])
    return found


# --- one build ----------------------------------------------------------------------


@dataclass
class Build:
    """What one ``build_site.py html`` run produced."""

    seconds: float
    stream: list[tuple[float, str]]
    logs: dict[str, str]
    executed: dict[str, float]


def summarize(build: Build) -> dict:
    """The report of one build: times per language, examples, execution/rendering."""
    spans = phase_spans(build.stream, build.logs)
    phases = {}
    for lang, (start, end) in spans.items():
        n, of, skipped = executed_counts(build.logs[lang])
        phases[lang] = {
            "seconds": round(end - start, 2),
            "examples_executed": n,
            "examples_considered": of,
            "examples_skipped_unchanged": skipped,
        }

    counted = sum(p["examples_executed"] for p in phases.values())
    execution = sum(build.executed.values())
    return {
        "seconds": round(build.seconds, 2),
        "phases": phases,
        # after the last language: the root pages, the summary
        "other_seconds": round(
            build.seconds - sum(e - s for s, e in spans.values()), 2
        ),
        "examples_executed": counted,
        # every language's build sees every example (and runs the changed ones)
        "examples_found": max(
            p["examples_considered"] + p["examples_skipped_unchanged"]
            for p in phases.values()
        ),
        "executed": {k: round(v, 2) for k, v in build.executed.items()},
        "records_match_logs": counted == len(build.executed),
        "execution_seconds": round(execution, 2),
        "rendering_seconds": round(build.seconds - execution, 2),
    }


def run_build(tree: Path, env: dict[str, str], log_file: Path) -> Build:
    """``python docs/build_site.py html`` in ``tree``; its output timed line by line."""
    logs_dir = tree / "docs" / "_build" / "logs"
    since = time.time()
    started = time.perf_counter()
    stream: list[tuple[float, str]] = []
    with (
        log_file.open("w", encoding="utf-8") as out,
        subprocess.Popen(
            [sys.executable, "docs/build_site.py", "html"],
            cwd=tree,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as proc,
    ):
        assert proc.stdout is not None
        for line in proc.stdout:
            stream.append((time.perf_counter() - started, line))
            out.write(line)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        tail = "".join(line for _, line in stream[-15:])
        raise BenchError(f"the build failed ({proc.returncode}); {log_file}:\n{tail}")
    logs = {
        m["lang"]: path.read_text(encoding="utf-8")
        for path in sorted(logs_dir.glob("html-*.log"))
        if (m := LOG.search(path.name)) and path.stat().st_mtime >= since
    }
    if not logs:
        raise BenchError(f"the build wrote no log in {logs_dir}")
    executed = executed_examples(tree / "docs" / "examples", since)
    return Build(seconds, stream, logs, executed)


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
    """A harmless change: a comment line at the end of the script."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "# (changed by docs/bench_site.py)\n", encoding="utf-8")


def build_env(tree: Path, base: dict[str, str]) -> dict[str, str]:
    """The scratch copy's helper package and data folder; output line by line."""
    env = dict(base)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(tree / "src"), *filter(None, [base.get("PYTHONPATH")])]
    )
    env["DASKGALLERY_DATA"] = str(tree / ".bench-data")
    env["PYTHONUNBUFFERED"] = "1"
    return env


# --- targets and the report ---------------------------------------------------------


def check_targets(runs: dict, changed: str) -> list[dict]:
    """Each target with its measured value and whether it is met."""

    def target(name: str, wanted: str, value: object, passed: bool) -> dict:
        return {"name": name, "target": wanted, "value": value, "passed": passed}

    cold, same, one = runs["cold"], runs["no_change"], runs["one_change"]
    found = cold["examples_found"]
    return [
        target(
            "cold build executes every example",
            f"{found} of {found}",
            cold["examples_executed"],
            found > 0 and cold["examples_executed"] == found,
        ),
        target(
            "cold build, four languages",
            f"< {TARGETS['cold']:.0f} s",
            cold["seconds"],
            cold["seconds"] < TARGETS["cold"],
        ),
        target(
            "rebuild with no change executes nothing",
            "0 examples",
            same["examples_executed"],
            same["examples_executed"] == 0,
        ),
        target(
            "rebuild with no change, four languages",
            f"< {TARGETS['no_change']:.0f} s",
            same["seconds"],
            same["seconds"] < TARGETS["no_change"],
        ),
        target(
            "rebuild after one example changed executes only it",
            changed,
            sorted(one["executed"]),
            one["examples_executed"] == 1 and list(one["executed"]) == [changed],
        ),
        target(
            "rebuild after one example changed, four languages",
            f"< {TARGETS['one_change']:.0f} s",
            one["seconds"],
            one["seconds"] < TARGETS["one_change"],
        ),
    ]


def cpu_model() -> str:
    """The processor's name (``/proc/cpuinfo`` on Linux)."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in VERSIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def git_state(root: Path) -> dict[str, object]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()

    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(git("status", "-s"))}


def print_summary(report: dict, output: Path) -> None:
    print("\nBuild times (all four languages):")
    for name, run in report["runs"].items():
        langs = "  ".join(f"{k} {v['seconds']:.1f}" for k, v in run["phases"].items())
        print(
            f"  {name:<10} {run['seconds']:7.1f} s"
            f"  executed {run['examples_executed']:>2}"
            f"  execution {run['execution_seconds']:6.1f} s"
            f"  rendering {run['rendering_seconds']:6.1f} s  ({langs})"
        )
    print("\nTargets (2 cores, default scale):")
    for t in report["targets"]:
        mark = "pass" if t["passed"] else "FAIL"
        print(f"  [{mark}] {t['name']}: {t['value']} (target {t['target']})")
    print(f"\nReport: {output}")


def bench(tree: Path, example: str, output: Path) -> dict:
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
        "sources": git_state(ROOT),
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
    tree = Path(tempfile.mkdtemp(prefix="bench-daskgallery-"))
    try:
        print(f"bench: {scratch_copy(ROOT, tree)} source files copied to {tree}")
        report = bench(tree, example, output)
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
