"""daskgallery_site.build: examples run again when the helper package changed."""

from __future__ import annotations

from daskgallery_site import build as build_site
from daskgallery_site import sources


def gallery(tmp_path):
    examples = tmp_path / "examples"
    for name in ("01_a/plot_01_x.py.md5", "02_b/plot_01_y.py.md5"):
        (examples / name).parent.mkdir(parents=True, exist_ok=True)
        (examples / name).write_text("0123")
    (examples / "01_a" / "plot_01_x.py").write_text("print(1)\n")
    return examples


def test_outputs_are_kept_while_the_helpers_stay_the_same(tmp_path):
    examples = gallery(tmp_path)
    assert build_site.forget_outputs_of_old_helpers(examples) == 2  # no stamp yet
    assert not list(examples.rglob("*.md5"))
    assert (examples / "01_a" / "plot_01_x.py").is_file()  # only the checksums
    (examples / "01_a" / "plot_01_x.py.md5").write_text("0123")
    assert build_site.forget_outputs_of_old_helpers(examples) == 0
    assert (examples / "01_a" / "plot_01_x.py.md5").is_file()
    assert [p.name for p in examples.iterdir() if p.name.endswith(".partial")] == []


def test_changed_helpers_make_every_example_run_again(tmp_path, monkeypatch):
    examples = gallery(tmp_path)
    build_site.forget_outputs_of_old_helpers(examples)
    (examples / "01_a" / "plot_01_x.py.md5").write_text("0123")
    (examples / "02_b" / "plot_01_y.py.md5").write_text("0123")
    seen = []

    def checksum(root=sources.PACKAGE, *, exclude=()):
        seen.append((root, tuple(exclude)))
        return "another"

    monkeypatch.setattr(sources, "sources_checksum", checksum)
    assert build_site.forget_outputs_of_old_helpers(examples) == 2
    # the helpers readers install, and the hooks that run with the examples;
    # not the Sphinx extension nor the build scripts
    assert seen == [
        (sources.HELPERS, ()),
        (sources.PACKAGE, ("sphinxext", "build.py", "bench.py", "bench_report.py")),
    ]
    assert not list(examples.rglob("*.md5"))
    stamp = examples / build_site.HELPERS_STAMP
    assert len(stamp.read_text().strip()) == 64
