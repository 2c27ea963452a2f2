"""daskgallery_site.build: examples run again when the helper package changed."""

from __future__ import annotations

from daskgallery_site import build as build_site
from daskgallery_site import sources


def test_examples_run_again_only_when_the_helpers_changed(tmp_path, monkeypatch):
    examples = tmp_path / "examples"
    assert build_site.helpers_changed(examples)  # never built
    build_site.remember_helpers(examples)
    assert not build_site.helpers_changed(examples)
    assert [p.name for p in examples.iterdir()] == [build_site.HELPERS_STAMP]
    monkeypatch.setattr(sources, "outputs_checksum", lambda: "another")
    assert build_site.helpers_changed(examples)


def test_the_checksum_covers_the_helpers_and_the_hooks_not_the_extension(
    monkeypatch,
):
    seen = []

    def checksum(root=sources.PACKAGE, *, exclude=()):
        seen.append((root, tuple(exclude)))
        return "x"

    monkeypatch.setattr(sources, "sources_checksum", checksum)
    assert len(sources.outputs_checksum()) == 64
    assert {"sphinxext", "build.py", "bench.py", "sphinx_process.py"} <= set(
        sources.NOT_RUN_WITH_EXAMPLES
    )
    assert seen == [
        (sources.HELPERS, ()),
        (sources.PACKAGE, sources.NOT_RUN_WITH_EXAMPLES),
    ]


def test_a_rerun_uses_sphinx_gallery_s_own_switch():
    assert build_site.RERUN_ALL == (
        "-D",
        "sphinx_gallery_conf.run_stale_examples=True",
    )


def test_the_wheel_is_built_once_and_holds_only_the_helpers(tmp_path):
    import zipfile

    site = tmp_path / "html"
    wheel = build_site.build_wheel(site)
    assert wheel.parent == site / "wheels"
    with zipfile.ZipFile(wheel) as built:
        tops = {name.split("/")[0] for name in built.namelist()}
    assert tops == {"daskgallery", wheel.name.removesuffix("-py3-none-any.whl")
                    + ".dist-info"}  # fmt: skip
    made = wheel.stat().st_mtime_ns
    assert build_site.build_wheel(site) == wheel  # unchanged sources: kept
    assert wheel.stat().st_mtime_ns == made
    (site / "wheels" / "daskgallery-0.0.1-py3-none-any.whl").write_bytes(b"")
    wheel.unlink()
    assert build_site.build_wheel(site) == wheel  # gone: built again
    assert [p.name for p in (site / "wheels").iterdir()] == [wheel.name]


def test_stale_examples_are_removed_and_current_ones_kept(tmp_path):
    gallery, examples, site = tmp_path / "gallery", tmp_path / "ex", tmp_path / "html"
    (gallery / "01_c").mkdir(parents=True)
    (gallery / "01_c" / "plot_02_new.py").write_text("")
    chapter = examples / "01_c"
    (chapter / "images" / "thumb").mkdir(parents=True)
    (site / "pt" / "examples" / "01_c").mkdir(parents=True)
    stale = [
        chapter / "plot_01_old.rst",
        chapter / "plot_01_old.py.md5",
        chapter / "images" / "sphx_glr_plot_01_old_001.png",
        chapter / "images" / "thumb" / "sphx_glr_plot_01_old_thumb.png",
        site / "pt" / "examples" / "01_c" / "plot_01_old.html",
    ]
    kept = [
        chapter / "plot_02_new.rst",
        chapter / "plot_01_old_but_longer.rst",
        chapter / "images" / "sphx_glr_plot_02_new_001.png",
        chapter / "index.rst",
        site / "pt" / "examples" / "01_c" / "plot_02_new.html",
    ]
    (gallery / "01_c" / "plot_01_old_but_longer.py").write_text("")
    for path in stale + kept:
        path.write_text("x")
    removed = build_site.remove_stale_examples(gallery, examples, site)
    assert sorted(removed) == sorted(stale)
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept)
