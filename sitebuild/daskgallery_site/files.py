"""Writing the build's files: whole or not at all.

Every file the site's build writes (generated images, downloads, catalogs for
the browser, summaries, stamps, the root pages) goes through
:func:`write_atomic`: a temporary file beside the target, then a rename, so
that an interrupted build never leaves half a file for the next one to read.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic", "write_if_changed"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path`` through a
    temporary file and a rename; the parent folders are made."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        # mkstemp makes the file private (0600): give it the mode a plain
        # write would, so that a web server can read the published site
        Path(tmp).chmod(0o666 & ~_UMASK)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes | str) -> bool:
    """:func:`write_atomic`, unless ``path`` holds ``data`` already (its date
    then stays, and what depends on it is not made again). True if written."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    write_atomic(path, data)
    return True
