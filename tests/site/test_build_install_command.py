"""The one install command, wherever a reader may start, in their language.

Every example page shows it under its download buttons; the install and API
pages show it; every ``.py`` download opens with it in a comment and every
``.ipynb`` download in its first cell, in the page's language. It points at
the wheel that the site ships, named from ``DASKGALLERY_BASE_URL``.
"""

from __future__ import annotations

import json
import runpy
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import LANGUAGES, ROOT
from daskgallery_site import build as build_site
from daskgallery_site.sphinxext.install import (
    WHEELS,
    install_command,
    wheel_name,
)
from notebook_support import SCRIPTS, download, rel_id

BASE = runpy.run_path(str(ROOT / "docs" / "conf.py"))["daskgallery_base_url"]
COMMAND = install_command(BASE)
LEAD = "Run this page at home: one command installs what it needs."


def translated(lang: str, message: str) -> str:
    if lang == "en":
        return message
    po = ROOT / "docs" / "locales" / lang / "LC_MESSAGES" / "sphinx.po"
    with po.open("rb") as f:
        found = read_po(f).get(message)
    assert found is not None, f"{po} has no {message!r}"
    assert found.string, f"{po}: {message!r} is not translated"
    return str(found.string)


def test_the_command_points_at_the_wheel_the_site_ships(site):
    url = COMMAND.split()[-1]
    path = urlsplit(url).path
    root = urlsplit(BASE).path.rstrip("/")
    assert path == f"{root}/{WHEELS}/{wheel_name()}"
    assert (site / WHEELS / wheel_name()).is_file()
    assert COMMAND.startswith("python -m pip install ")


def test_a_site_without_its_wheel_fails_the_build(tmp_path):
    (tmp_path / WHEELS).mkdir()
    (tmp_path / WHEELS / "daskgallery-0.0.1-py3-none-any.whl").write_bytes(b"")
    with pytest.raises(SystemExit, match=rf"no {WHEELS}/{wheel_name()}.*0\.0\.1"):
        build_site.check_wheel(tmp_path)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("script", SCRIPTS, ids=rel_id)
def test_every_example_page_and_download_gives_the_command(site, lang, script):
    lead = translated(lang, LEAD)
    rel = script.relative_to(ROOT / "gallery").with_suffix(".html")
    page = site / lang / "examples" / rel
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    (note,) = soup.select("div.sphx-glr-footer div.dg-install")
    assert lead in note.get_text()
    assert note.select_one("pre").get_text().strip() == COMMAND

    py = download(site, lang, script, ".py").read_text(encoding="utf-8")
    head = py.split('"""', 1)[0]
    assert head.startswith(f"# {lead}")
    assert f"#     {COMMAND}\n" in head
    assert f"/{lang}/examples/{rel.as_posix()}" in head

    nb = json.loads(download(site, lang, script, ".ipynb").read_text("utf-8"))
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown"
    text = "".join(first["source"])
    assert lead in text
    assert f"```bash\n{COMMAND}\n```" in text


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", ["install.html", "api.html"])
def test_install_and_api_pages_give_the_command(site, lang, page):
    soup = BeautifulSoup((site / lang / page).read_text("utf-8"), "html.parser")
    blocks = [pre.get_text().strip() for pre in soup.select("div.highlight pre")]
    assert COMMAND in blocks


def test_the_site_s_files_are_readable_by_a_web_server(site):
    """Every published file is readable by others (a server's own user)."""
    private = [
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and not p.stat().st_mode & 0o004
    ]
    assert not private, private[:10]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_gallery_s_download_all_area_gives_the_command(site, lang):
    soup = BeautifulSoup(
        (site / lang / "examples" / "index.html").read_text("utf-8"), "html.parser"
    )
    (note,) = soup.select("div.sphx-glr-footer-gallery div.dg-install")
    assert translated(lang, LEAD) in note.get_text()
    assert note.select_one("pre").get_text().strip() == COMMAND
