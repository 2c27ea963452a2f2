"""Every internal link, anchor, image, script, stylesheet and download resolves."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from conftest import site_root


@cache
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def anchors(path: Path) -> frozenset[str]:
    page = parsed(path)
    return frozenset(
        [tag["id"] for tag in page.find_all(id=True)]
        + [tag["name"] for tag in page.find_all("a", attrs={"name": True})]
    )


def references(page: BeautifulSoup) -> list[str]:
    refs = [a["href"] for a in page.find_all("a", href=True)]
    refs += [t["src"] for t in page.find_all(["img", "script", "iframe"], src=True)]
    refs += [
        link["href"]
        for link in page.find_all("link", href=True)
        if "alternate" not in link.get("rel", [])
        and "canonical" not in link.get("rel", [])
    ]
    return refs


def test_every_internal_reference_resolves(site):
    broken = []
    root = site_root()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        if {"_downloads", "_static"} & set(path.parts):  # reports, theme macros
            continue
        for ref in references(parsed(path)):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("//", "javascript:")):
                continue
            if parts.path.startswith("/"):
                # absolute from the site root (404 pages): <root><lang>/...
                if not parts.path.startswith(root):
                    broken.append(f"{path.relative_to(site)}: {ref} (outside site)")
                    continue
                target = site / unquote(parts.path[len(root) :])
            elif parts.path:
                target = path.parent / unquote(parts.path)
            else:
                target = path
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {ref}")
                continue
            fragment = unquote(parts.fragment)
            if (
                fragment
                and target.suffix == ".html"
                and fragment not in anchors(target)
            ):
                broken.append(f"{path.relative_to(site)}: {ref} (no such anchor)")
    assert not broken, f"{len(broken)} broken:\n" + "\n".join(broken[:30])
