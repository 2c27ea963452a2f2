"""The build comparison masks measurements, and nothing that would hide a real
nondeterminism (see tests/support/site_compare.py and
tests/site/test_build_reproducible.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from site_compare import compare_trees, mask_output, mask_page

#: sphinx-gallery's markup for printed output and for the running time
OUT = (
    '<div class="sphx-glr-script-out highlight-none notranslate">'
    '<div class="highlight"><pre><span></span>{}</pre></div>\n</div>'
)
TIMING = (
    '<p class="sphx-glr-timing">'
    "<strong>Total running time of the script:</strong> {}</p>"
)


def page(output: str, *, timing: str = "1.5 s", prose: str = "Two cores.") -> str:
    return (
        "<html><body><p>" + prose + "</p>\n"
        '<div class="highlight-Python notranslate"><pre>x = 1</pre></div>\n'
        + OUT.format(output)
        + "\n"
        + TIMING.format(timing)
        + "</body></html>\n"
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("serial: 2.41 s (24.1 waits)", "serial: 12.46 s (124.6 waits)"),
        ("peak memory 372.0 KiB", "peak memory 1.2 MiB"),
        ("cost per task: about 677 µs", "cost per task: about 1.2 ms"),
        ("speed-up 1.55x", "speed-up 0.91x"),
        ("task of    0.020 ms", "task of   17.978 ms"),
        (
            "&lt;generator object at 0x7fd4eebb7040&gt;",
            "&lt;generator object at 0x7fba125fba00&gt;",
        ),
        (
            "Delayed('add-ec0ed9d2-056a-4bc6-8887-5930c477271d')",
            "Delayed('add-972a0a1b-9e60-4786-b260-c3a8c3896426')",
        ),
        (
            "key: slow_add-224983a9fd9499be2a18ec1dc1745d12",
            "key: slow_add-1664208fcdba50e0b5c0bcfb22c02c30",
        ),
        (
            "LocalCluster(0e7102eb, 'tcp://127.0.0.1:39479')",
            "LocalCluster(6ba1298c, 'tcp://127.0.0.1:45579')",
        ),
        (
            "threads ['0-Dask-Default-Threads-16447-0']",
            "threads ['0-Dask-Default-Threads-26251-0']",
        ),
        (
            "[                                        ] | 0% Completed | 395.45 us\n"
            "[########################################] | 100% Completed | 501.20 ms\n"
            "done",
            "[                                        ] | 0% Completed | 3.62 ms\n"
            "[###                                     ] | 7% Completed | 522.76 ms\n"
            "[########################################] | 100% Completed | 1.02 s\n"
            "done",
        ),
    ],
)
def test_measurements_are_masked(first, second):
    assert mask_page(page(first)) == mask_page(page(second))


def test_the_running_time_is_masked_in_every_language():
    assert mask_page(page("x", timing="0.2 s")) == mask_page(
        page("x", timing="1 min 3.5 s")
    )
    assert mask_page(page("x", timing="0,2 s")) == mask_page(page("x", timing="12,7 s"))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("{'b', 'a', 'c'}", "{'a', 'c', 'b'}"),  # a set of strings printed
        ("written to /tmp/tmpk3jxq9z/data", "written to /tmp/tmpw81_mvh/data"),
        ("RuntimeWarning: overflow\ndone", "done"),  # printed only sometimes
        ("dtype: float64", "dtype: int64"),
        ("processes", "threads"),
    ],
)
def test_other_output_differences_are_not_masked(first, second):
    assert mask_page(page(first)) != mask_page(page(second))


def test_numbers_outside_outputs_are_compared():
    assert mask_page(page("x", prose="Built on 2026-01-02.")) != mask_page(
        page("x", prose="Built on 2026-01-03.")
    )
    code = page("x").replace("x = 1", "x = 2")
    assert mask_page(code) != mask_page(page("x"))


def test_masked_output_keeps_its_words():
    assert mask_output("chain: 88 in 1.01 s (10.1 waits)") == "chain: # in # (# waits)"


def write_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return root


def zipped(path: Path, members: dict[str, str], when: tuple) -> bytes:
    with zipfile.ZipFile(path, "w") as z:
        for name, text in members.items():
            z.writestr(zipfile.ZipInfo(name, when), text)
    return path.read_bytes()


def test_trees_what_is_compared_and_how(tmp_path):
    scratch = tmp_path / "zips"
    scratch.mkdir()
    zip_a = zipped(scratch / "a.zip", {"x.py": "print(1)"}, (2020, 1, 1, 0, 0, 0))
    zip_b = zipped(scratch / "b.zip", {"x.py": "print(1)"}, (2024, 5, 5, 0, 0, 0))
    zip_c = zipped(scratch / "c.zip", {"x.py": "print(2)"}, (2020, 1, 1, 0, 0, 0))
    common = {"en/_images/plot_001.svg": "<svg/>", "en/x.py": "print(1)\n"}
    first = write_tree(
        tmp_path / "first",
        {
            **common,
            "en/page.html": page("3.1 s"),
            "en/_images/timing_001.png": b"\x89PNG one",
            "en/_downloads/ab/sphx_glr_plot_report_001.html": "<html>1.2 s</html>",
            "en/all.zip": zip_a,
            "en/other.zip": zip_a,
            "en/only-here.txt": "x",
        },
    )
    second = write_tree(
        tmp_path / "second",
        {
            **common,
            "en/page.html": page("4.7 s"),
            "en/_images/timing_001.png": b"\x89PNG two",
            "en/_downloads/ab/sphx_glr_plot_report_001.html": "<html>9.9 s</html>",
            "en/all.zip": zip_b,
            "en/other.zip": zip_c,
        },
    )
    assert compare_trees(first, second) == [
        "en/other.zip: the zips' members differ",
        "only in the first build: en/only-here.txt",
    ]
    (second / "en" / "x.py").write_text("print(2)\n")
    assert "en/x.py: the files differ" in compare_trees(first, second)


# --- a real nondeterminism in a real sphinx-gallery build ------------------------

MEASURES = '''"""
Measures
========

It prints a timing.
"""

import time

start = time.perf_counter()
sum(range(100_000))
print(f"took {time.perf_counter() - start:.6f} s, at {hex(id(start))}")
'''

PRINTS_A_SET = '''"""
A set
=====

It prints a set of words: their order depends on the process's hash seed.
"""

print({"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"})
'''


def build_tiny_site(project: Path, out: Path, hash_seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "MPLBACKEND": "agg"}
    # one doctree folder for both builds, as the site's build has: the
    # downloads written there are named after their path in the site
    doctrees = project / "doctrees"
    shutil.rmtree(doctrees, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-W",
         "-d", str(doctrees),
         str(project / "docs"), str(out)],
        capture_output=True, text=True, env=env, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_real_nondeterminism_is_found_and_measurements_are_not(tmp_path):
    docs = tmp_path / "docs"
    gallery = tmp_path / "gallery"
    write_tree(
        tmp_path,
        {
            "docs/conf.py": (
                "extensions = ['sphinx_gallery.gen_gallery',"
                " 'daskgallery_site.sphinxext']\n"
                "html_copy_source = False\n"
                "sphinx_gallery_conf = {'examples_dirs': '../gallery',"
                " 'gallery_dirs': 'examples', 'write_computation_times': False,"
                " 'run_stale_examples': True}\n"
            ),
            "docs/index.rst": "Test\n====\n\n.. toctree::\n\n   examples/index\n",
            "gallery/GALLERY_HEADER.rst": "Gallery\n=======\n",
            "gallery/plot_measures.py": MEASURES,
            "gallery/plot_set.py": PRINTS_A_SET,
        },
    )
    assert docs.is_dir()
    assert gallery.is_dir()
    build_tiny_site(tmp_path, tmp_path / "first", "1")
    build_tiny_site(tmp_path, tmp_path / "second", "2")
    first = (tmp_path / "first" / "examples" / "plot_measures.html").read_text()
    second = (tmp_path / "second" / "examples" / "plot_measures.html").read_text()
    assert first != second  # the measurements did change
    problems = compare_trees(tmp_path / "first", tmp_path / "second")
    pages = [p.splitlines()[0] for p in problems]
    assert pages == ["--- first/examples/plot_set.html"], problems
