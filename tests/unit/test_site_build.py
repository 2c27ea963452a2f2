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
