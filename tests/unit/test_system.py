"""daskgallery.system: the machine summary and byte sizes."""

import pytest

from daskgallery.system import Machine, human_size, machine


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 B"),
        (1, "1 B"),
        (1023, "1023 B"),
        (1024, "1.0 KiB"),
        (1536, "1.5 KiB"),
        (32_000_000, "30.5 MiB"),
        (24 * 1024**3, "24.0 GiB"),
        (2**70, "1024.0 EiB"),
    ],
)
def test_human_size(n, text):
    assert human_size(n) == text


@pytest.mark.parametrize("bad", [-1, 1.5, "10", None, True])
def test_human_size_rejects_bad_values(bad):
    with pytest.raises(ValueError, match=rf"non-negative integer, got {bad!r}"):
        human_size(bad)


def test_machine_describes_this_machine():
    m = machine()
    assert isinstance(m, Machine)
    assert m.logical_cores >= 1
    assert 1 <= m.usable_cores <= m.logical_cores
    assert 0 < m.available_memory <= m.total_memory
    text = str(m)
    for label in ("Python", "Dask", "Logical cores", "Total memory"):
        assert label in text
    assert f"{m.usable_cores} cores" in m.label()
    assert m.as_dict()["python"] == m.python
