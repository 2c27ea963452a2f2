"""daskgallery_site.files: whole files or none."""

from __future__ import annotations

import os

import pytest
from daskgallery_site.files import write_atomic, write_if_changed


def test_write_atomic_makes_folders_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a" / "b" / "page.html"
    write_atomic(target, "<p>é</p>")
    assert target.read_text(encoding="utf-8") == "<p>é</p>"
    assert [p.name for p in target.parent.iterdir()] == ["page.html"]
    # readable by others, as a plain write makes it (a web server must read it)
    plain = tmp_path / "plain.html"
    plain.write_text("x")
    assert target.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777


def test_an_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "summary.json"
    target.write_bytes(b"old")

    class BoomError(Exception):
        pass

    def broken_replace(self, other):
        raise BoomError

    monkeypatch.setattr(type(target), "replace", broken_replace)
    with pytest.raises(BoomError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]


def test_write_if_changed_keeps_the_date_of_an_unchanged_file(tmp_path):
    target = tmp_path / "x.py"
    assert write_if_changed(target, b"print(1)\n")
    os.utime(target, ns=(0, 0))
    assert not write_if_changed(target, "print(1)\n")
    assert target.stat().st_mtime_ns == 0
    assert write_if_changed(target, b"print(2)\n")
    assert target.read_bytes() == b"print(2)\n"
