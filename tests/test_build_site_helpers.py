"""docs/build_site.py: examples run again when the helper package changed."""

from __future__ import annotations

from conftest import load_build_site

import daskgallery.sources


def gallery(tmp_path):
    examples = tmp_path / "examples"
    for name in ("01_a/plot_01_x.py.md5", "02_b/plot_01_y.py.md5"):
        (examples / name).parent.mkdir(parents=True, exist_ok=True)
        (examples / name).write_text("0123")
    (examples / "01_a" / "plot_01_x.py").write_text("print(1)\n")
    return examples


def test_outputs_are_kept_while_the_helpers_stay_the_same(tmp_path):
    build_site = load_build_site()
    examples = gallery(tmp_path)
    assert build_site.forget_outputs_of_old_helpers(examples) == 2  # no stamp yet
    assert not list(examples.rglob("*.md5"))
    assert (examples / "01_a" / "plot_01_x.py").is_file()  # only the checksums
    (examples / "01_a" / "plot_01_x.py.md5").write_text("0123")
    assert build_site.forget_outputs_of_old_helpers(examples) == 0
    assert (examples / "01_a" / "plot_01_x.py.md5").is_file()
    assert [p.name for p in examples.iterdir() if p.name.endswith(".partial")] == []


def test_changed_helpers_make_every_example_run_again(tmp_path, monkeypatch):
    build_site = load_build_site()
    examples = gallery(tmp_path)
    build_site.forget_outputs_of_old_helpers(examples)
    (examples / "01_a" / "plot_01_x.py.md5").write_text("0123")
    (examples / "02_b" / "plot_01_y.py.md5").write_text("0123")
    seen = []

    def checksum(root=daskgallery.sources.PACKAGE, *, exclude=()):
        seen.append(list(exclude))
        return "another"

    monkeypatch.setattr(daskgallery.sources, "sources_checksum", checksum)
    assert build_site.forget_outputs_of_old_helpers(examples) == 2
    assert seen == [["sphinxext"]]  # the Sphinx extension does not count
    assert not list(examples.rglob("*.md5"))
    stamp = examples / build_site.HELPERS_STAMP
    assert stamp.read_text().strip() == "another"
