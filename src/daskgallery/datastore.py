"""Where data sets live, and how they are written and checked.

A data set is a folder under ``data_dir() / scale``. It is built in a hidden
temporary sibling and renamed into place only once complete, so an
interrupted build (an exception, Ctrl-C) leaves nothing behind but the
previous good version. Its last file, ``_manifest.json``, holds the data
set's parameters and each file's size and SHA-256; every later use checks
the folder against it. (The leading underscore keeps Parquet readers from
taking the manifest for data.) :mod:`daskgallery.datasets` says what to build.

>>> import tempfile
>>> def build(folder, progress):
...     (folder / "hello.txt").write_text("hello")
>>> spec = Spec("hello", Path(tempfile.mkdtemp()) / "hello", {"v": 1}, build, "...")
>>> ensure(spec).built, ensure(spec).built
(True, False)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "MANIFEST",
    "SCALES",
    "DataError",
    "Ensured",
    "Spec",
    "data_dir",
    "ensure",
    "get_scale",
    "run_cli",
    "verify",
]

SCALES = ("small", "large")
MANIFEST = "_manifest.json"
#: Files over this size are checked by a sample: their size, first and last MiB.
SAMPLE_OVER = 256 * 2**20
#: Every file of a data set over this total size is checked by a sample.
SAMPLE_TOTAL_OVER = 2**30
SAMPLE_BYTES = 2**20
#: Leftover temporary folders (a killed build) older than this are removed.
STALE_SECONDS = 24 * 3600


class DataError(ValueError):
    """A data set on disk is missing, truncated or corrupted."""


def data_dir() -> Path:
    """The data folder: ``$DASKGALLERY_DATA``, else the user cache folder."""
    env = os.environ.get("DASKGALLERY_DATA")
    return Path(env).expanduser() if env else default_dir()


def default_dir() -> Path:
    """The user cache folder of daskgallery (``~/.cache/daskgallery`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("daskgallery"))


def get_scale(scale: str | None = None) -> str:
    """``scale``, else ``$DASKGALLERY_SCALE``, else ``'small'``; checked.

    >>> get_scale("large")
    'large'
    """
    name = "scale"
    if scale is None:
        name, scale = (
            "DASKGALLERY_SCALE",
            os.environ.get("DASKGALLERY_SCALE") or "small",
        )
    if scale not in SCALES:
        raise ValueError(f"{name} must be 'small' or 'large', got {scale!r}")
    return scale


#: Fills a new, empty folder: ``build(folder, progress)``.
Builder = Callable[[Path, bool], None]


@dataclass(frozen=True)
class Spec:
    """What to build where: ``build(tmp_folder, progress)`` fills a new folder.

    ``params`` go into the manifest: a folder whose manifest has other
    parameters (an older format, another seed) is rebuilt. ``rebuild`` is
    what the error messages tell people to do.
    """

    label: str
    path: Path
    params: dict[str, Any]
    build: Builder
    rebuild: str


class Ensured(NamedTuple):
    path: Path
    built: bool


def progress_bar(items: Iterable[Any], progress: bool, desc: str) -> Any:
    """``items`` with a tqdm bar on stderr when ``progress`` and over a second."""
    from tqdm import tqdm

    return tqdm(items, desc=desc, disable=not progress, delay=1.0, leave=False)


def _digest(path: Path, size: int, sampled: bool) -> str:
    with path.open("rb") as f:
        if not sampled:
            return hashlib.file_digest(f, "sha256").hexdigest()
        h = hashlib.sha256(f"{size}\n".encode())
        h.update(f.read(SAMPLE_BYTES))
        f.seek(max(size - SAMPLE_BYTES, 0))
        h.update(f.read(SAMPLE_BYTES))
        return h.hexdigest()


def write_manifest(folder: Path, params: Mapping[str, Any]) -> dict[str, Any]:
    """Hash every file of ``folder`` and write its manifest; returns the manifest."""
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)
    sizes = [p.stat().st_size for p in files]
    big = sum(sizes) > SAMPLE_TOTAL_OVER
    entries = {}
    for p, size in zip(files, sizes, strict=True):
        sampled = big or size > SAMPLE_OVER
        entries[p.relative_to(folder).as_posix()] = {
            "size": size,
            "sha256": _digest(p, size, sampled),
            "hashed": "size, first and last MiB" if sampled else "whole file",
        }
    manifest = {**params, "files": entries}
    text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")
    return manifest


def read_manifest(folder: Path, rebuild: str) -> dict[str, Any]:
    """The manifest of ``folder``; :class:`DataError` when absent or unreadable."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        for entry in manifest["files"].values():
            if not isinstance(entry["size"], int) or not isinstance(
                entry["sha256"], str
            ):
                raise TypeError("a file entry without an integer size and a sha256")
    except FileNotFoundError:
        why = "is missing"
    except (OSError, ValueError, LookupError, TypeError, AttributeError) as e:
        why = f"is unreadable ({type(e).__name__}: {e})"
    else:
        return manifest
    raise DataError(f"{path} {why}. To rebuild the data set, {rebuild}")


def verify(folder: Path, rebuild: str) -> dict[str, Any]:
    """Check every file of ``folder`` against its manifest; returns the manifest.

    Raises :class:`DataError` naming the first missing, truncated or
    corrupted file and how to rebuild the data set.
    """
    manifest = read_manifest(folder, rebuild)
    for rel, entry in manifest["files"].items():
        path = folder / rel
        if not path.is_file():
            raise DataError(f"{path} is missing. To rebuild the data set, {rebuild}")
        size = path.stat().st_size
        if size != entry["size"]:
            raise DataError(
                f"{path} is truncated or changed: {size} bytes, the manifest says "
                f"{entry['size']}. To rebuild the data set, {rebuild}"
            )
        sampled = entry.get("hashed") != "whole file"
        if _digest(path, size, sampled) != entry["sha256"]:
            raise DataError(
                f"{path} is corrupted: its SHA-256 does not match the manifest. "
                f"To rebuild the data set, {rebuild}"
            )
    return manifest


def _sweep(folder: Path) -> None:
    """Remove temporary siblings of ``folder`` left by a killed build."""
    cutoff = time.time() - STALE_SECONDS
    for old in folder.parent.glob(f".{folder.name}.*"):
        if old.is_dir() and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)


def build_atomic(spec: Spec, progress: bool = False) -> None:
    """Build ``spec`` in a temporary sibling folder, then rename it into place."""
    final = spec.path
    final.parent.mkdir(parents=True, exist_ok=True)
    _sweep(final)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=final.parent))
    try:
        spec.build(tmp, progress)
        write_manifest(tmp, spec.params)
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
            final.replace(old / final.name)
        try:
            tmp.replace(final)
        except BaseException:
            if old is not None:
                (old / final.name).replace(final)
            raise
        finally:
            if old is not None and final.exists():
                shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def ensure(spec: Spec, *, force: bool = False, progress: bool = True) -> Ensured:
    """``spec``'s folder, built when missing, stale (other parameters) or forced.

    While it builds, a progress bar shows on stderr once a build takes over a
    second (``progress=False``: none).

    A present folder with the same parameters is checked, not rebuilt: a
    damaged file raises :class:`DataError` (rebuild with ``force=True``).
    """
    if spec.path.exists() and not force:
        manifest = read_manifest(spec.path, spec.rebuild)
        params = json.loads(json.dumps(spec.params))  # tuples -> lists, as stored
        if all(manifest.get(k) == v for k, v in params.items()):
            verify(spec.path, spec.rebuild)
            return Ensured(spec.path, False)
    build_atomic(spec, progress)
    return Ensured(spec.path, True)


def _unwritable(root: Path) -> str | None:
    """Why ``root`` cannot take new files, or None when it can."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=root):
            pass
    except OSError as e:
        return e.strerror or str(e)
    return None


SpecMaker = Callable[[str, Path], Spec]


def run_cli(
    jobs: Mapping[str, Sequence[SpecMaker]],
    argv: Sequence[str] | None = None,
    *,
    choose: bool = False,
) -> int:
    """The ``daskgallery-data`` command line: build the specs of ``jobs``.

    ``jobs`` maps a data set's name to functions ``(scale, root) -> Spec``;
    with ``choose``, the command line may name some of them (all by default).
    Returns the exit code: 0 done, 1 a data or disk error, 2 bad arguments.
    """
    from daskgallery.system import human_size

    parser = argparse.ArgumentParser(
        description=f"Prepare the gallery's data: {', '.join(jobs)}. A data set "
        "already built and intact is left as it is."
    )
    parser.add_argument(
        "--scale",
        choices=SCALES,
        help="data size (default: $DASKGALLERY_SCALE or small)",
    )
    parser.add_argument(
        "--out",
        metavar="FOLDER",
        type=Path,
        help="data folder (default: $DASKGALLERY_DATA or the user cache folder)",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if present")
    if choose:
        parser.add_argument(
            "names",
            nargs="*",
            metavar="NAME",
            help=f"data sets to prepare, among {', '.join(jobs)} (default: all)",
        )
    args = parser.parse_args(argv)
    names = getattr(args, "names", None) or list(jobs)
    unknown = [name for name in names if name not in jobs]
    if unknown:
        parser.error(f"no data set {unknown[0]!r}; choose from {', '.join(jobs)}")
    jobs = {name: jobs[name] for name in names}
    try:
        scale = get_scale(args.scale)
    except ValueError as e:
        parser.error(str(e))
    root = (args.out.expanduser() if args.out else data_dir()).absolute()
    why = _unwritable(root)
    if why:
        print(f"error: cannot write to the data folder {root}: {why}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        for makers in jobs.values():
            for make_spec in makers:
                t0 = time.perf_counter()
                spec = make_spec(scale, root)
                path, built = ensure(spec, force=args.force, progress=True)
                if not built:
                    print(f"{spec.label}: up to date in {path}")
                    continue
                size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
                seconds = time.perf_counter() - t0
                done = f"{human_size(size)}, {seconds:.1f} s"
                print(f"{spec.label}: built in {path} ({done})")
    except KeyboardInterrupt:
        print("interrupted: no half-written data set was left", file=sys.stderr)
        return 130
    except (DataError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"done: {scale} scale, {time.perf_counter() - started:.1f} s")
    return 0
