"""sphinx_process: Sphinx builds in forked children, with Sphinx preloaded."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from daskgallery_site import sphinx_process


def project(root: Path) -> Path:
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text("project = 'p'\n", encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\nText.\n", encoding="utf-8")
    return src


@pytest.fixture(autouse=True)
def own_temp(tmp_path, monkeypatch) -> Path:
    """A failing Sphinx writes its traceback to the temp folder: this test's."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))  # a new process
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # a forked one
    return temp


@pytest.fixture(params=["forked", "new process"])
def how(request):
    """Builds forked from this (preloaded) process, or run as new processes."""
    if request.param == "forked":
        sphinx_process.preload(dict(os.environ))
    yield request.param
    sphinx_process._preloaded = None


def test_each_build_is_a_fresh_process_in_its_language(tmp_path, how):
    src = project(tmp_path)
    for lang, search in (("fr", "Recherche"), ("de", "Suche"), ("fr", "Recherche")):
        out = tmp_path / f"html-{lang}"
        log = tmp_path / "logs" / f"{lang}.log"
        output = sphinx_process.run(
            ["-b", "html", "-q", "-D", f"language={lang}", "-d",
             str(tmp_path / f"doctrees-{lang}"), str(src), str(out)],
            tmp_path, dict(os.environ), log,
        )  # fmt: skip
        page = (out / "search.html").read_text(encoding="utf-8")
        # a translator left by the previous language would win here
        assert f'lang="{lang}"' in page
        assert search in page
        assert log.read_text(encoding="utf-8") == output
    # this process built nothing itself: its Sphinx state is untouched
    from sphinx.locale import translators

    assert not translators


def test_a_failing_build_fails_with_its_output_kept(tmp_path, capsys, how):
    src = project(tmp_path)
    (src / "index.rst").write_text("Title\n=====\n\n:ref:`nowhere`\n", encoding="utf-8")
    log = tmp_path / "fail.log"
    with pytest.raises(SystemExit, match=r"sphinx-build failed \(1\).*fail\.log"):
        sphinx_process.run(
            ["-b", "html", "-W", "-q", str(src), str(tmp_path / "out")],
            tmp_path, dict(os.environ), log,
        )  # fmt: skip
    assert "undefined label: 'nowhere'" in log.read_text(encoding="utf-8")
    assert "nowhere" in capsys.readouterr().out  # echoed as it came


def test_an_exception_in_the_child_is_reported_not_raised_in_the_parent(
    tmp_path, how, own_temp
):
    with pytest.raises(SystemExit, match=r"sphinx-build failed \(\d+\)"):
        sphinx_process.run(
            ["-b", "html", "-q", str(tmp_path / "missing"), str(tmp_path / "out")],
            tmp_path, dict(os.environ), tmp_path / "x.log",
        )  # fmt: skip
    (saved,) = own_temp.glob("sphinx-err-*.log")  # Sphinx saved its traceback
    assert "Cannot find source directory" in saved.read_text(encoding="utf-8")
