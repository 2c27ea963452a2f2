"""daskgallery.workloads: correct results, clear errors, usable from processes."""

import itertools
import multiprocessing
import time

import pytest

from daskgallery.workloads import (
    count_primes,
    count_primes_between,
    hash_cpf,
    hash_cpfs,
    is_palindrome,
    wait,
    where_it_runs,
)


@pytest.mark.parametrize(("n", "primes"), [(0, 0), (2, 0), (3, 1), (10, 4), (100, 25)])
def test_count_primes(n, primes):
    assert count_primes(n) == primes


@pytest.mark.parametrize("bad", [-1, 2.5, "10", True])
def test_count_primes_rejects_bad_n(bad):
    with pytest.raises(
        ValueError, match=rf"n must be a non-negative integer, got {bad!r}"
    ):
        count_primes(bad)


@pytest.mark.parametrize(
    ("start", "stop", "primes"), [(0, 100, 25), (50, 100, 10), (2, 3, 1), (90, 10, 0)]
)
def test_count_primes_between(start, stop, primes):
    assert count_primes_between(start, stop) == primes


def test_ranges_add_up_to_count_primes():
    edges = [0, 7, 500, 999, 1000]
    parts = [count_primes_between(a, b) for a, b in itertools.pairwise(edges)]
    assert sum(parts) == count_primes(1000) == 168


@pytest.mark.parametrize(
    ("start", "stop", "name"), [(-1, 5, "start"), (0, 2.5, "stop")]
)
def test_count_primes_between_rejects_bad_bounds(start, stop, name):
    with pytest.raises(ValueError, match=rf"{name} must be a non-negative integer"):
        count_primes_between(start, stop)


def test_where_it_runs_names_the_process_and_the_thread():
    import os
    import threading
    from concurrent.futures import ThreadPoolExecutor

    assert where_it_runs(0) == (os.getpid(), threading.current_thread().name)
    with ThreadPoolExecutor(1, thread_name_prefix="pool") as pool:
        pid, thread = pool.submit(where_it_runs, 0.01).result()
    assert pid == os.getpid()
    assert thread.startswith("pool")


def test_wait_sleeps():
    start = time.perf_counter()
    assert wait(0.05) == 0.05
    assert time.perf_counter() - start >= 0.05
    with pytest.raises(
        ValueError, match="seconds must be a non-negative number, got -1"
    ):
        wait(-1)


def test_hash_cpf_is_salted_and_peppered():
    import hashlib

    expected = hashlib.sha256(b"aaaaa123.456.789-091234").hexdigest()
    assert hash_cpf("123.456.789-09", pepper=1234) == expected
    assert hash_cpf("123.456.789-09", pepper=1235) != expected
    assert hash_cpfs(["123.456.789-09"], 1234) == [expected]
    with pytest.raises(TypeError, match="cpf must be a string, got int"):
        hash_cpf(12345678909, pepper=1)
    with pytest.raises(TypeError, match="pepper must be an integer, got str"):
        hash_cpf("1", pepper="1")


def test_is_palindrome():
    assert is_palindrome("Racecar")
    assert not is_palindrome("Dask")
    with pytest.raises(TypeError, match="word must be a string, got NoneType"):
        is_palindrome(None)


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_workloads_reach_worker_processes(method):
    """The reason they live in a module: any start method can import them."""
    with multiprocessing.get_context(method).Pool(2) as pool:
        assert pool.map(count_primes, [10, 100]) == [4, 25]
