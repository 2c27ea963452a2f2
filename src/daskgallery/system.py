"""The machine a page ran on: cores, memory, versions.

Every timing on the site depends on the machine that measured it, so each page
prints this summary next to its numbers.

>>> from daskgallery.system import human_size
>>> human_size(32_000_000)
'30.5 MiB'
"""

from __future__ import annotations

import os
import platform
from dataclasses import asdict, dataclass

__all__ = ["Machine", "human_size", "machine"]

_UNITS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def human_size(n_bytes: int) -> str:
    """A byte count in binary units: ``0 B``, ``1.0 KiB``, ``30.5 MiB``.

    >>> human_size(0), human_size(1536)
    ('0 B', '1.5 KiB')
    """
    if isinstance(n_bytes, bool) or not isinstance(n_bytes, int) or n_bytes < 0:
        raise ValueError(f"n_bytes must be a non-negative integer, got {n_bytes!r}")
    if n_bytes < 1024:
        return f"{n_bytes} B"
    size = float(n_bytes)
    for unit in _UNITS[1:]:
        size /= 1024
        if size < 1024 or unit == _UNITS[-1]:
            return f"{size:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Machine:
    """What a measurement depends on."""

    os: str
    python: str
    dask: str
    physical_cores: int | None
    logical_cores: int
    usable_cores: int
    cpu_mhz: float | None
    total_memory: int
    available_memory: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def label(self) -> str:
        """One line for plot footnotes: cores, Python and Dask versions."""
        return f"{self.usable_cores} cores · Python {self.python} · Dask {self.dask}"

    def __str__(self) -> str:
        rows = [
            ("OS", self.os),
            ("Python", self.python),
            ("Dask", self.dask),
            ("Physical cores", str(self.physical_cores or "unknown")),
            ("Logical cores", str(self.logical_cores)),
            ("Usable cores", str(self.usable_cores)),
            ("CPU frequency", f"{self.cpu_mhz:.0f} MHz" if self.cpu_mhz else "unknown"),
            ("Total memory", human_size(self.total_memory)),
            ("Available memory", human_size(self.available_memory)),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:>{width}}: {value}" for name, value in rows)


def machine() -> Machine:
    """Describe this machine (cores the process may use, memory, versions)."""
    import dask
    import psutil

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        usable = os.cpu_count() or 1
    freq = None
    try:
        cpu = psutil.cpu_freq()
        freq = float(cpu.max or cpu.current) if cpu else None
    except (OSError, NotImplementedError, AttributeError):
        freq = None
    mem = psutil.virtual_memory()
    return Machine(
        os=f"{platform.system()} {platform.release()} ({platform.machine()})",
        python=platform.python_version(),
        dask=dask.__version__,
        physical_cores=psutil.cpu_count(logical=False),
        logical_cores=psutil.cpu_count(logical=True) or 1,
        usable_cores=usable,
        cpu_mhz=freq or None,
        total_memory=int(mem.total),
        available_memory=int(mem.available),
    )
