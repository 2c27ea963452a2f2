"""Message extraction: stable from one run to the next, and catalogs in sync."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT
from daskgallery_site import build as build_site

LOCALES = ROOT / "docs" / "locales"


def messages(pot_dir: Path) -> dict[str, list[str]]:
    found = {}
    for pot in sorted(pot_dir.rglob("*.pot")):
        text = pot.read_text(encoding="utf-8")
        # the only line allowed to change between runs: the creation date
        found[pot.relative_to(pot_dir).as_posix()] = [
            line
            for line in text.splitlines()
            if not line.startswith('"POT-Creation-Date')
        ]
    return found


@pytest.fixture(scope="module")
def two_extractions(tmp_path_factory):
    first = tmp_path_factory.mktemp("pot1")
    second = tmp_path_factory.mktemp("pot2")
    build_site.extract_pot(first)
    build_site.extract_pot(second)
    return first, second


def test_two_extractions_give_the_same_catalogs(two_extractions):
    first, second = two_extractions
    assert messages(first)
    assert messages(first) == messages(second)


def test_no_build_noise_in_messages(two_extractions):
    # what a build measures or prints (run time, addresses, line numbers); the
    # double extraction above catches anything else that changes between runs
    noise = re.compile(
        r"running time|\(\d+ minutes [\d.]+ seconds\)|line \d+|0x[0-9a-f]{6,}"
    )
    for pot in two_extractions[0].rglob("*.pot"):
        if pot.name == "sphinx.pot":  # interface labels ("Total running time
            continue  # of the script:" is one), not a page's text
        with pot.open("rb") as f:
            for message in read_po(f):
                assert not noise.search(str(message.id)), (pot.name, message.id)


@pytest.mark.parametrize("lang", ["pt", "fr", "es"])
def test_catalogs_match_the_english_sources(two_extractions, lang):
    """Run `nox -s i18n` after changing English text: this fails until you do."""
    pot_dir = two_extractions[0]
    for pot in pot_dir.rglob("*.pot"):
        po = (
            LOCALES / lang / "LC_MESSAGES" / pot.relative_to(pot_dir).with_suffix(".po")
        )
        assert po.is_file(), f"missing catalog {po}"
        with pot.open("rb") as f:
            wanted = {m.id for m in read_po(f) if m.id}
        with po.open("rb") as f:
            have = {m.id for m in read_po(f) if m.id}
        assert wanted == have, po
