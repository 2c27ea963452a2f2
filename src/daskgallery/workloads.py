"""Small, honest workloads for the parallelism lessons.

They live in a module, not in the example scripts, because worker processes
(``multiprocessing``, ``concurrent.futures``) import the function they run by
its module name. A process started with the "spawn" method (the default on
Windows and macOS) or the "forkserver" method (the default on Linux from
Python 3.14) finds a function of ``__main__`` only by importing the main
script again. A notebook, or a page run by sphinx-gallery, has no script to
import, so its functions cannot be found. Each page shows the source of the
function it uses.

>>> count_primes(100)
25
>>> len(hash_cpf("123.456.789-09", pepper=1234))
64
"""

from __future__ import annotations

import hashlib
import os
import threading
import time

__all__ = [
    "SALT",
    "count_primes",
    "count_primes_between",
    "hash_cpf",
    "hash_cpfs",
    "is_palindrome",
    "sort_random",
    "wait",
    "where_it_runs",
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


def _is_prime(candidate: int) -> bool:
    if candidate < 2:
        return False
    divisor = 2
    while divisor * divisor <= candidate:
        if candidate % divisor == 0:
            return False
        divisor += 1
    return True


def count_primes_between(start: int, stop: int) -> int:
    """How many primes ``p`` have ``start <= p < stop``: pure-Python CPU work.

    Ranges cut one count into tasks. A range of large numbers costs more
    than a range of small ones of the same length: each test divides by more
    numbers.

    >>> count_primes_between(0, 100), count_primes_between(50, 100)
    (25, 10)
    """
    for name, value in (("start", start), ("stop", stop)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return sum(1 for candidate in range(start, stop) if _is_prime(candidate))


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


def where_it_runs(seconds: float = 0.02) -> tuple[int, str]:
    """Wait ``seconds``, then return this process's id and this thread's name.

    Run as tasks, it shows where a scheduler runs them. The short wait keeps
    each task busy long enough for the other workers to take their share.

    >>> import os
    >>> pid, thread = where_it_runs(0)
    >>> pid == os.getpid(), thread
    (True, 'MainThread')
    """
    wait(seconds)
    return os.getpid(), threading.current_thread().name
