"""Sphinx configuration for daskgallery: one source, four languages.

English is the source. ``daskgallery_site.build`` builds it first (executing the
changed examples), then pt, fr and es with ``-D language=xx``; those reuse the
English run's generated pages and execute nothing.
"""

from pathlib import Path

from daskgallery_site.peak_memory import PeakMemory
from daskgallery_site.scrapers import IGNORE_REPR_TYPES
from daskgallery_site.site import DEFAULT_LANGUAGE, LANGUAGES, base_url

project = "daskgallery"
author = "The daskgallery contributors"
copyright = "2026, daskgallery"

language = DEFAULT_LANGUAGE
#: The languages of the site, each named in its own language (switcher).
daskgallery_languages = dict(LANGUAGES)
daskgallery_default_language = DEFAULT_LANGUAGE
#: Where the site is published (DASKGALLERY_BASE_URL); each language lives
#: under <base>/<lang>/.
daskgallery_base_url = base_url()

extensions = [
    "sphinx.ext.autodoc",
    "sphinx_gallery.gen_gallery",
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "daskgallery_site.sphinxext",
]

templates_path = ["_templates"]
html_static_path = ["_static"]
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "locales",
    # sphinx-gallery's notebooks are downloads, not pages
    "examples/**/*.ipynb",
]

# --- translation -----------------------------------------------------------
# absolute: Sphinx looks for each language's sphinx.js (the search page's
# strings) in these folders relative to the current folder, not to this one
locale_dirs = [str(Path(__file__).resolve().parent / "locales")]
gettext_compact = False
gettext_uuid = False
gettext_location = False
gettext_last_translator = "daskgallery translators"
gettext_language_team = "daskgallery translators"

# --- HTML ------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "daskgallery"
html_css_files = ["daskgallery.css"]
# without an icon, browsers ask every page's server for /favicon.ico (a 404)
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navbar_end": ["language-switcher", "theme-switcher"],
    "navbar_persistent": ["search-button"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "show_prev_next": True,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
}
html_sidebars = {"**": ["sidebar-nav-bs"]}
html_context = {"default_mode": "auto"}

# --- sphinx-gallery ------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../gallery",
    "gallery_dirs": "examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    # registered by import string: Sphinx can cache the configuration
    "image_scrapers": (
        "daskgallery_site.scrapers.figure_scraper",
        "daskgallery_site.scrapers.graph_scraper",
        "daskgallery_site.scrapers.report_scraper",
    ),
    "reset_modules": ("matplotlib", "daskgallery_site.scrapers.reset_dask"),
    # after each example too: its scratch folder is removed and a client it
    # left open fails the build, rather than waiting for the process to exit
    "reset_modules_order": "both",
    "capture_repr": ("_repr_html_", "__repr__"),
    "ignore_repr_types": IGNORE_REPR_TYPES,
    "remove_config_comments": True,
    "download_all_examples": True,
    # the computation-times page loads jQuery/DataTables from CDNs
    "write_computation_times": False,
    "show_signature": False,
    "min_reported_time": 0,
    "backreferences_dir": None,
    "doc_module": (),
    "matplotlib_animations": False,
    # each example's peak memory, child processes included, recorded in
    # <example>.cost.json for the memory budget (tests/test_build_budgets.py);
    # an instance, not a function: Sphinx caches it and sees it unchanged
    "show_memory": PeakMemory(),
}

# --- API reference ---------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"show-inheritance": False}

# --- MyST / myst-nb (hand-written pages) ---------------------------------------
nb_execution_mode = "off"
myst_enable_extensions = ["colon_fence", "deflist"]
