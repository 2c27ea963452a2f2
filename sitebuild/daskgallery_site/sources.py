"""Checksums of the code that made what a build keeps.

What a build keeps from an earlier build (the pages Sphinx read, the outputs
of the examples sphinx-gallery ran) was made by the code of that time. The
checksums tell when that code changed, so that those results are made again
rather than mixed with new ones:

- :func:`outputs_checksum`: the examples' outputs come from the helper package
  readers install (:mod:`daskgallery`) and from this package's hooks that run
  with them (scrapers, task-graph capture, peak memory), not from the Sphinx
  extension or the build and bench scripts (and the process that runs Sphinx);
- ``sources_checksum(PACKAGE)``: the pages Sphinx read come from this package
  (the extension's ``env_version``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import daskgallery

__all__ = [
    "HELPERS",
    "NOT_RUN_WITH_EXAMPLES",
    "PACKAGE",
    "outputs_checksum",
    "sources_checksum",
]

#: This package (the site's build machinery).
PACKAGE = Path(__file__).resolve().parent
#: The helper package readers install.
HELPERS = Path(daskgallery.__file__).resolve().parent
#: Parts of this package that do not run with the examples.
NOT_RUN_WITH_EXAMPLES = (
    "sphinxext",
    "build.py",
    "bench.py",
    "bench_report.py",
    "sphinx_process.py",
)


def sources_checksum(root: Path = PACKAGE, *, exclude: Iterable[str] = ()) -> str:
    """SHA-256 (hex) of the names and contents of the ``.py`` files under ``root``.

    ``exclude`` names sub-folders or files directly in ``root`` left out.
    """
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"sources_checksum: {root} is not a folder")
    skipped = set(exclude)
    unknown = sorted(name for name in skipped if not (root / name).exists())
    if unknown:
        raise ValueError(
            f"sources_checksum: exclude={unknown} are not folders or files of {root}"
        )
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in skipped:
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def outputs_checksum() -> str:
    """Checksum of the code the examples' outputs depend on (see above)."""
    helpers = sources_checksum(HELPERS)
    hooks = sources_checksum(PACKAGE, exclude=NOT_RUN_WITH_EXAMPLES)
    return hashlib.sha256(f"{helpers}\0{hooks}".encode()).hexdigest()
