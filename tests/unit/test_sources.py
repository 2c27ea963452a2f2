"""daskgallery_site.sources: a checksum that follows the package's code."""

from __future__ import annotations

import pytest
from daskgallery_site.sources import PACKAGE, sources_checksum
from daskgallery_site.sphinxext import setup


def package(tmp_path, files):
    root = tmp_path / "pkg"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_same_sources_same_checksum_any_change_another(tmp_path):
    root = package(tmp_path, {"a.py": "x = 1\n", "sub/b.py": "y = 2\n"})
    first = sources_checksum(root)
    assert sources_checksum(root) == first
    (root / "data.txt").write_text("not code")
    assert sources_checksum(root) == first  # only .py files count
    (root / "sub/b.py").write_text("y = 3\n")
    changed = sources_checksum(root)
    assert changed != first
    (root / "sub/b.py").rename(root / "b.py")
    assert sources_checksum(root) not in {first, changed}  # a move counts too


def test_an_excluded_file_does_not_count(tmp_path):
    root = package(tmp_path, {"a.py": "x = 1\n", "build.py": "y = 2\n"})
    before = sources_checksum(root, exclude=["build.py"])
    (root / "build.py").write_text("y = 3\n")
    assert sources_checksum(root, exclude=["build.py"]) == before


def test_an_excluded_folder_does_not_count(tmp_path):
    root = package(tmp_path, {"a.py": "x = 1\n", "ext/b.py": "y = 2\n"})
    before = sources_checksum(root, exclude=["ext"])
    (root / "ext/b.py").write_text("y = 3\n")
    assert sources_checksum(root, exclude=["ext"]) == before
    (root / "a.py").write_text("x = 2\n")
    assert sources_checksum(root, exclude=["ext"]) != before


def test_bad_arguments_are_named(tmp_path):
    root = package(tmp_path, {"a.py": ""})
    with pytest.raises(ValueError, match=r"missing.*not a folder"):
        sources_checksum(tmp_path / "missing")
    with pytest.raises(
        ValueError, match=r"exclude=\['nope'\] are not folders or files"
    ):
        sources_checksum(root, exclude=["nope"])


class FakeApp:
    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def test_the_extension_env_version_follows_the_package():
    version = setup(FakeApp())["env_version"]
    assert version == int(sources_checksum(PACKAGE)[:12], 16)
