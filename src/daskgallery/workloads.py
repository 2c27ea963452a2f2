"""Small, honest workloads for the parallelism lessons.

They live in a module, not in the example scripts, because worker processes
(``multiprocessing``, ``concurrent.futures``) import the function they run by
its module name: a function defined in a notebook or in ``__main__`` cannot be
found by a process started with the "spawn" or "forkserver" method (macOS,
Windows, and Linux from Python 3.14). Each page shows the source of the
function it uses.

>>> count_primes(100)
25
>>> len(hash_cpf("123.456.789-09", pepper=1234))
64
"""

from __future__ import annotations

import hashlib
import time

__all__ = [
    "SALT",
    "count_primes",
    "hash_cpf",
    "hash_cpfs",
    "is_palindrome",
    "sort_random",
    "wait",
]

#: The fixed salt of the seed notebook's hashing example.
SALT = "aaaaa"


def count_primes(n: int) -> int:
    """How many primes are below ``n``, by trial division: pure-Python CPU work.

    The loop runs in the interpreter and holds the GIL the whole time.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    count = 0
    for candidate in range(2, n):
        divisor = 2
        while divisor * divisor <= candidate:
            if candidate % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


def wait(seconds: float) -> float:
    """Sleep, like a program waiting for a disk or the network; returns ``seconds``.

    While it waits, the thread releases the GIL.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise ValueError(f"seconds must be a non-negative number, got {seconds!r}")
    time.sleep(seconds)
    return seconds


def sort_random(n: int) -> float:
    """Sort ``n`` random numbers with NumPy; return the smallest.

    NumPy releases the GIL while it sorts, so threads can sort in parallel.
    """
    import numpy as np

    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    values = np.random.default_rng(n).random(n)
    values.sort()
    return float(values[0])


def hash_cpf(cpf: str, *, pepper: int, salt: str = SALT) -> str:
    """SHA-256 of ``salt + cpf + pepper`` as hex, as in the seed notebook.

    The seed draws the pepper at random for every call; here it is an argument,
    so that results are reproducible.
    """
    if not isinstance(cpf, str):
        raise TypeError(f"cpf must be a string, got {type(cpf).__name__}")
    if isinstance(pepper, bool) or not isinstance(pepper, int):
        raise TypeError(f"pepper must be an integer, got {type(pepper).__name__}")
    return hashlib.sha256(f"{salt}{cpf}{pepper}".encode()).hexdigest()


def hash_cpfs(cpfs: list[str], pepper: int = 1234) -> list[str]:
    """Hash a batch of CPF numbers: one coarse task instead of many tiny ones."""
    return [hash_cpf(cpf, pepper=pepper) for cpf in cpfs]


def is_palindrome(word: str) -> bool:
    """True if ``word`` reads the same backwards, ignoring case.

    >>> is_palindrome("Kayak"), is_palindrome("Dask")
    (True, False)
    """
    if not isinstance(word, str):
        raise TypeError(f"word must be a string, got {type(word).__name__}")
    return word.upper() == word.upper()[::-1]
