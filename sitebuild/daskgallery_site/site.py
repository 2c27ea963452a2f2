"""What the site is: its languages and address, and the build's environment.

Defined once, here; ``docs/conf.py``, the Sphinx extension, the build and the
tests import them.
"""

from __future__ import annotations

import os

from daskgallery.cluster import BUILDING_ENV

__all__ = [
    "BASE_URL_ENV",
    "BUILDING_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "base_url",
]

#: The site's languages, each named in its own language (the switcher's order).
LANGUAGES = {"en": "English", "pt": "Português", "fr": "Français", "es": "Español"}
#: The source language: built first, its examples executed.
DEFAULT_LANGUAGE = "en"
#: Where the site is published (each language under ``<base>/<lang>/``).
BASE_URL_ENV = "DASKGALLERY_BASE_URL"
DEFAULT_BASE_URL = "https://daskgallery.org"


def base_url() -> str:
    """The site's address: ``$DASKGALLERY_BASE_URL``, else the default one."""
    return os.environ.get(BASE_URL_ENV, DEFAULT_BASE_URL).rstrip("/")
