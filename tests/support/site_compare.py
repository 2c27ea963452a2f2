"""Compare two builds of the site: the same, apart from what the examples measured.

Every file must be in both builds, and be byte-identical, except for what is
listed here. The masks are narrow on purpose: a real nondeterminism (a set
printed in a random order, a temporary path, a date, a random name in the
page's markup) must show up as a difference.

- The text an example printed (sphinx-gallery's ``sphx-glr-script-out``
  blocks) is compared after masking its measurements: numbers with their unit
  (timings, sizes, speed-ups, ports, process ids), memory addresses
  (``0x7f...``), Dask's random tokens (hexadecimal words of 8 characters or
  more: task keys, cluster names; uuids) and progress bars (how far a bar got
  at each tick is a timing). Spaces are collapsed: columns are padded to the
  width of the numbers in them.
- The running-time line (``sphx-glr-timing``): the time after its label.
- Raster images (``.png``: the timing and memory plots and their thumbnails)
  and embedded performance reports (``sphx_glr_*_report_NNN.html``) draw
  measurements: they must exist in both builds, their contents are not
  compared.
- Zip downloads store their members' file times: their members' names and
  contents are compared.

Everything else, including the rest of every page, the ``.py`` and ``.ipynb``
downloads and the task-graph images (``.svg``), is compared byte for byte.
"""

from __future__ import annotations

import difflib
import html
import re
import zipfile
from pathlib import Path

__all__ = ["compare_trees", "mask_output", "mask_page"]

_SCRIPT_OUT = re.compile(
    r'(<div class="sphx-glr-script-out[^"]*"><div class="highlight"><pre>)'
    r"(.*?)(</pre>)",
    re.DOTALL,
)
_TIMING = re.compile(r'(<p class="sphx-glr-timing">)(.*?)(</p>)', re.DOTALL)
_PROGRESS = re.compile(
    r"^\[[# ]*\] \| *\d+% Completed \| *[^\n]*$(?:\n\[[# ]*\] \| *\d+% Completed \|"
    r" *[^\n]*$)*",
    re.MULTILINE,
)
_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
_ADDRESS = re.compile(r"\b0x[0-9a-f]+\b")
_TOKEN = re.compile(r"\b[0-9a-f]{8,}\b")
_UNITS = r"ns|µs|us|ms|s|sec|min|h|B|KiB|MiB|GiB|TiB|kB|KB|MB|GB|TB|x|%"
_NUMBER = re.compile(rf"\d+(?:[.,\u202f]\d+)*(?:[ \u00a0\u202f]?(?:{_UNITS})(?!\w))?")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
#: Files that draw measurements: compared by presence only.
_MEASUREMENT_FILES = re.compile(r"\.png$|/sphx_glr_[^/]+_report_\d+\.html$")


#: tqdm's bar of a data set prepared on first use: only the build that makes it
#: (cold data folder) prints one
_DATA_BAR = re.compile(r"[\w.-]+: +\d+%\|[█▏▎▍▌▋▊▉ ]*\|[^\n]*\n\n?")


def mask_output(text: str) -> str:
    """An example's printed output with its measurements masked."""
    text = _DATA_BAR.sub("", text)
    text = _PROGRESS.sub("[progress bar]", text)
    text = _UUID.sub("<uuid>", text)
    text = _ADDRESS.sub("<address>", text)
    text = _TOKEN.sub("<token>", text)
    text = _NUMBER.sub("#", text)
    return _SPACES.sub(" ", text)


def mask_page(page: str) -> str:
    """A built page with the measurements of its examples masked."""

    def output(m: re.Match[str]) -> str:
        return m[1] + mask_output(html.unescape(m[2])) + m[3]

    def timing(m: re.Match[str]) -> str:
        label, strong, _figure = m[2].rpartition("</strong>")
        return m[1] + (label + strong + " #" if strong else "#") + m[3]

    return _TIMING.sub(timing, _SCRIPT_OUT.sub(output, page))


def _zip_members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {info.filename: z.read(info) for info in z.infolist()}


def _page_diff(rel: str, a: str, b: str, lines: int) -> str:
    diff = difflib.unified_diff(
        a.splitlines(), b.splitlines(), f"first/{rel}", f"second/{rel}", n=0
    )
    shown = [line[:200] for line in diff][: lines + 2]
    return "\n".join(shown)


def compare_trees(first: Path, second: Path, *, diff_lines: int = 12) -> list[str]:
    """What differs between two built sites, masks applied: one entry per file."""
    files = {
        root: {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        for root in (first, second)
    }
    problems = [
        f"only in the first build: {rel}" for rel in files[first] - files[second]
    ]
    problems += [
        f"only in the second build: {rel}" for rel in files[second] - files[first]
    ]
    for rel in sorted(files[first] & files[second]):
        a, b = first / rel, second / rel
        if _MEASUREMENT_FILES.search(rel):
            continue
        if rel.endswith(".zip"):
            if _zip_members(a) != _zip_members(b):
                problems.append(f"{rel}: the zips' members differ")
        elif rel.endswith(".html"):
            masked_a = mask_page(a.read_text(encoding="utf-8"))
            masked_b = mask_page(b.read_text(encoding="utf-8"))
            if masked_a != masked_b:
                problems.append(_page_diff(rel, masked_a, masked_b, diff_lines))
        elif a.read_bytes() != b.read_bytes():
            problems.append(f"{rel}: the files differ")
    return sorted(problems)
