"""The 404 page's addresses and text (daskgallery_site.sphinxext.notfound)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from daskgallery_site.sphinxext.notfound import page_body, page_text, site_root


@pytest.mark.parametrize(
    ("base", "root"),
    [
        ("https://daskgallery.org", "/"),
        ("https://daskgallery.org/", "/"),
        ("https://example.org/docs", "/docs/"),
        ("https://example.org/a/b/", "/a/b/"),
        ("", "/"),
    ],
)
def test_site_root_is_the_path_of_the_base_url(base, root):
    assert site_root(base) == root


def test_page_text_goes_through_the_translation_function():
    text = page_text(lambda message: f"<{message}>")
    assert text["title"] == "<Page not found>"
    assert all(v.startswith("<") and v.endswith(">") for v in text.values())
    assert set(text) == {"title", "missing", "reason", "try", "home", "gallery"}


def test_page_body_escapes_the_text_and_keeps_the_links():
    text = {key: f"{key} & <b>" for key in page_text(str)}
    body = BeautifulSoup(page_body(text, "/pt/index.html", "/pt/x.html"), "html.parser")
    assert body.h1.get_text() == "title & <b>"
    assert not body.find("b")
    links = {a.get_text(): a["href"] for a in body.find_all("a")}
    assert links == {"home & <b>": "/pt/index.html", "gallery & <b>": "/pt/x.html"}
