"""A checksum of the helper package's own code.

What a build keeps from an earlier build (the pages Sphinx read, the outputs
of the examples sphinx-gallery ran) was made by the package's code of that
time. The checksum tells when that code changed, so that those results are
made again rather than mixed with new ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

__all__ = ["PACKAGE", "sources_checksum"]

PACKAGE = Path(__file__).resolve().parent


def sources_checksum(root: Path = PACKAGE, *, exclude: Iterable[str] = ()) -> str:
    """SHA-256 (hex) of the names and contents of the ``.py`` files under ``root``.

    ``exclude`` names sub-folders of ``root`` (``"sphinxext"``) left out.
    """
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"sources_checksum: {root} is not a folder")
    skipped = set(exclude)
    unknown = sorted(name for name in skipped if not (root / name).is_dir())
    if unknown:
        raise ValueError(
            f"sources_checksum: exclude={unknown} are not folders of {root}"
        )
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in skipped:
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
