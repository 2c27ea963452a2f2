"""daskgallery.child_python: run code in a new Python, read what it printed."""

import doctest
import sys
import time

import psutil
import pytest

from daskgallery import child_python as module
from daskgallery.child_python import run_python

READ_CHUNK_SIZE = "import dask; print(dask.config.get('array.chunk-size'))"


def test_returns_what_the_new_python_printed():
    assert run_python("print('a')\nprint('b')") == "a\nb"
    assert run_python("print('a', end='')") == "a"
    assert run_python("import sys; print(sys.prefix)") == sys.prefix


def test_env_adds_variables_that_dask_reads():
    env = {"DASK_ARRAY__CHUNK_SIZE": "32MiB"}
    assert run_python(READ_CHUNK_SIZE, env=env) == "32MiB"


def test_dask_variables_of_this_process_are_left_out(monkeypatch):
    monkeypatch.setenv("DASK_ARRAY__CHUNK_SIZE", "7MiB")
    monkeypatch.setenv("DASKGALLERY_CHILD_TEST", "kept")
    assert run_python(READ_CHUNK_SIZE) != "7MiB"
    code = "import os; print([k for k in os.environ if k.startswith('DASK_')])"
    assert run_python(code) == "[]"
    assert (
        run_python("import os; print(os.environ['DASKGALLERY_CHILD_TEST'])") == "kept"
    )
    assert run_python(READ_CHUNK_SIZE, env={"DASK_ARRAY__CHUNK_SIZE": "9MiB"}) == "9MiB"


def test_a_failing_process_raises_with_its_error_output():
    with pytest.raises(RuntimeError, match=r"exited with code 3[\s\S]*boom"):
        run_python("import sys; print('boom', file=sys.stderr); sys.exit(3)")
    with pytest.raises(RuntimeError, match="ValueError: bad value 42"):
        run_python("raise ValueError('bad value 42')")


def test_a_process_that_runs_too_long_is_killed():
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match=r"did not finish within 0.5 s"):
        run_python("import time; time.sleep(60)", timeout=0.5)
    assert time.perf_counter() - started < 30
    after = {p.pid for p in psutil.Process().children(recursive=True)}
    assert after <= before


def test_error_output_of_a_successful_process_is_passed_on(capfd):
    code = "import sys; print('out'); print('a warning', file=sys.stderr)"
    assert run_python(code) == "out"
    assert "a warning" in capfd.readouterr().err


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": ""}, "code must be a non-empty string"),
        ({"code": 3}, "code must be a non-empty string, got 3"),
        ({"code": "pass", "timeout": 0}, "timeout must be a positive number"),
        ({"code": "pass", "timeout": True}, "timeout must be a positive number"),
        ({"code": "pass", "timeout": "5"}, r"got '5'"),
        ({"code": "pass", "env": ["A=1"]}, "env must be a mapping"),
        ({"code": "pass", "env": {"A": 1}}, r"env\['A'\] must be a string, got 1"),
        ({"code": "pass", "env": {"A=B": "1"}}, "without '='"),
        ({"code": "pass", "env": {"": "1"}}, "non-empty strings"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        run_python(**kwargs)


def test_docstring_examples():
    assert doctest.testmod(module).failed == 0
