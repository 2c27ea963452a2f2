"""Claims of the configuration page (F9), checked against what the build printed.

The page reads ``dask.config`` in new Python processes started with chosen
``DASK_*`` variables and a YAML file in a temporary ``DASK_CONFIG`` folder.
Its values are compared here with the installed packages' defaults and with
the YAML files of this machine, read by this test process.
"""

from __future__ import annotations

import math
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import output, page_soup

F9 = "06_distributed/plot_08_configuration"
#: The keys of the page's table, in its order; the last row is the logger.
KEYS = (
    "scheduler",
    "array.chunk-size",
    "dataframe.shuffle.method",
    "temporary-directory",
    "distributed.worker.memory.target",
    "distributed.logging",
)
LOGGER = "logger distributed"
TABLE = "".join(rf"^{re.escape(key)} +(.+)\n" for key in KEYS)
TABLE += rf"^{LOGGER} +(\w+)$"


def folders(out: str) -> list[tuple[bool, str]]:
    """The page's list of ``dask.config.paths``: (exists, path as shown)."""
    rows = re.findall(r"^(True|False) +(\S.*)$", out, re.M)
    assert rows, f"no folders in:\n{out}"
    return [(flag == "True", shown) for flag, shown in rows]


def tables(out: str) -> list[dict[str, str]]:
    """The two settings tables: without, then with the variables."""
    found = re.findall(TABLE, out, re.M)
    assert len(found) == 2, f"expected two settings tables in:\n{out}"
    return [dict(zip((*KEYS, LOGGER), values, strict=True)) for values in found]


def fresh_config() -> dict:
    """What a new Python without ``DASK_*`` variables reads: the installed
    defaults, then the YAML files of this machine."""
    import dask
    import distributed  # noqa: F401 - adds its settings to dask.config

    # run_python leaves out DASK_CONFIG too: its folder is not read
    paths = [p for p in dask.config.paths if p != os.environ.get("DASK_CONFIG")]
    yaml = dask.config.collect(paths=paths, env={})
    return dask.config.merge(*dask.config.defaults, yaml)


def installed_default(key: str):
    import dask
    import distributed  # noqa: F401 - adds its settings to dask.config

    return dask.config.get(key, None, config=dask.config.merge(*dask.config.defaults))


# --- where the settings come from ---------------------------------------------


def test_f9_prints_this_installations_folders_without_machine_paths(site):
    import dask

    out = output(F9)
    shown = folders(out)
    home = str(Path.home())
    expected = [
        (
            Path(path).exists(),
            path.replace(sys.prefix, "{sys.prefix}").replace(home, "~"),
        )
        for path in dask.config.paths
    ]
    assert shown == expected  # the same folders, in Dask's order
    paths = [path for _, path in shown]
    assert paths[-1] == str(Path("~", ".config", "dask"))  # the user's folder wins
    assert str(Path("{sys.prefix}", "etc", "dask")) in paths
    for path in paths:  # nothing of the build machine: the same text everywhere
        assert path == "/etc/dask" or path.startswith(("{sys.prefix}", "~")), path
    if home != "/":
        assert home not in out
    assert sys.prefix not in out
    for temporary in ("/tmp", "daskgallery-scratch", "Temp"):
        assert temporary not in out  # neither the YAML folder nor the scratch


# --- the settings this gallery relies on --------------------------------------


def test_f9_a_new_python_reads_the_defaults_and_the_yaml_files(site):
    import dask

    without, _ = tables(output(F9))
    config = fresh_config()
    for key in KEYS:
        assert without[key] == repr(dask.config.get(key, None, config=config)), key
    assert without[LOGGER] == "INFO"  # distributed's own level
    assert without["distributed.logging"] == "None"  # not set


def test_f9_the_defaults_printed_are_the_installed_defaults(site):
    out = output(F9)
    without, _ = tables(out)
    if any(exists for exists, _ in folders(out)):
        pytest.skip("this machine has Dask YAML folders: they may change the values")
    for key in KEYS:
        assert without[key] == repr(installed_default(key)), key
    assert without["scheduler"] == "None"
    assert without["temporary-directory"] == "None"
    assert without["dataframe.shuffle.method"] == "None"


# --- environment variables ----------------------------------------------------


def test_f9_the_new_python_reads_the_environment_variables(site):
    without, with_variables = tables(output(F9))
    # DASK_DISTRIBUTED__WORKER__MEMORY__TARGET=0.5: a number, without quotes
    assert with_variables["distributed.worker.memory.target"] == "0.5"
    assert float(without["distributed.worker.memory.target"]) != 0.5
    # DASK_DISTRIBUTED__LOGGING__DISTRIBUTED=warning: a string, and the level
    assert with_variables["distributed.logging"] == "{'distributed': 'warning'}"
    assert with_variables[LOGGER] == "WARNING"
    # "compare the last three lines": only they differ
    changed = [key for key in (*KEYS, LOGGER) if without[key] != with_variables[key]]
    assert changed == [*KEYS, LOGGER][-3:]


def test_f9_the_terminal_example_names_a_real_key(site):
    text = page_soup(F9).get_text()
    assert "export DASK_ARRAY__CHUNK_SIZE=32MiB" in text
    assert "print(dask.config.get('array.chunk-size'))" in text
    assert "DASK_DISTRIBUTED__WORKER__MEMORY__TARGET" in text


# --- which source wins --------------------------------------------------------


def test_f9_each_source_overrides_the_ones_before_it(site):
    import dask

    out = output(F9)
    steps = dict(re.findall(r"^(defaults|\+ [\w.]+) +(\S+)$", out, re.M))
    default = dask.config.get("array.chunk-size", config=fresh_config())
    assert steps == {
        "defaults": default,
        "+ DASK_CONFIG": "64MiB",  # the YAML file
        "+ DASK_ARRAY__CHUNK_SIZE": "32MiB",  # the environment variable
        "+ dask.config.set": "16MiB",  # in the code
    }


# --- dask.config.set ----------------------------------------------------------


def test_f9_set_in_a_with_block_ends_with_the_block(site):
    import dask
    from dask.utils import parse_bytes

    out = output(F9)
    rows = {
        label: (size, (int(a), int(b)))
        for label, size, a, b in re.findall(
            r"^(before|inside|after): (\S+) \((\d+), (\d+)\)$", out, re.M
        )
    }
    assert list(rows) == ["before", "inside", "after"]
    assert rows["before"][0] == dask.config.get(
        "array.chunk-size", config=fresh_config()
    )
    assert rows["inside"][0] == "32MiB"
    assert rows["after"] == rows["before"]  # back to the value before the block
    assert rows["inside"][1] != rows["before"][1]
    for size, chunks in rows.values():  # chunks of about array.chunk-size bytes
        ratio = math.prod(chunks) * 8 / parse_bytes(size)
        assert 0.5 <= ratio <= 1.25, (size, chunks)
