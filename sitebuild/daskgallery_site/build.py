"""Build the four-language site, or extract its messages for translation.

    python -m daskgallery_site.build html       # en, then pt, fr, es
    python -m daskgallery_site.build html --languages en pt
    python -m daskgallery_site.build gettext    # extract + update the catalogs
                                                # (builds English first: figures)
    python -m daskgallery_site.build stats      # translation progress per page

English is built first: sphinx-gallery executes the examples whose source
changed and writes the generated pages next to the docs. The other languages
reuse those pages and must execute nothing; the build fails if one does.
When the helper package's code changed (or the scrapers and hooks of this
package that run with the examples), every example is executed again: its
outputs were made with the old helpers. Before the pages, the helper
package's wheel is built into ``<site>/wheels/``: the pages' install command
points at it, and the build fails if it is missing.
"""

from __future__ import annotations

import argparse
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from daskgallery_site import sphinx_process
from daskgallery_site.files import write_atomic
from daskgallery_site.site import BUILDING_ENV, DEFAULT_LANGUAGE

#: The project's folder: this package lives in <root>/sitebuild/daskgallery_site/
ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
EXAMPLES = DOCS / "examples"  # sphinx-gallery's gallery_dirs
HELPERS_STAMP = ".daskgallery-helpers"
#: Checksum of the sources of the wheel in the site (beside the site folder).
WHEEL_STAMP = ".daskgallery-wheel"
#: sphinx-gallery's own switch: run every example, changed or not.
RERUN_ALL = ("-D", "sphinx_gallery_conf.run_stale_examples=True")
# Dask does the parallelism: nested BLAS threads would oversubscribe the cores.
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def languages() -> dict[str, str]:
    """The site's languages, from conf.py: {code: name in that language}."""
    conf = runpy.run_path(str(DOCS / "conf.py"))
    return dict(conf["daskgallery_languages"])


def base_url() -> str:
    """Where the site is published, from conf.py (``DASKGALLERY_BASE_URL``)."""
    return str(runpy.run_path(str(DOCS / "conf.py"))["daskgallery_base_url"])


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    for var in THREAD_VARS:
        env[var] = "1"
    env.setdefault("MPLBACKEND", "agg")
    # examples start no Dask dashboard while the site builds
    env[BUILDING_ENV] = "1"
    env["PYTHONWARNINGS"] = env.get("PYTHONWARNINGS", "")
    return env


def run_sphinx(args: list[str], log: Path) -> str:
    """Run sphinx-build (see ``sphinx_process``); fail with its exit code."""
    return sphinx_process.run(args, ROOT, build_env(), log)


def build_summary(lang: str, since: float) -> dict:
    """The summary the ``lang`` build wrote (see ``sphinxext.summary``)."""
    from daskgallery_site.sphinxext.summary import read_summary

    summary = read_summary(BUILD / "doctrees" / lang)
    if summary["language"] != lang or summary["finished"] < since:
        raise SystemExit(f"the {lang} build wrote no summary of its own")
    return summary


def root_index(langs: dict[str, str]) -> str:
    """The site root: sends the reader to their browser's language."""
    codes = list(langs)
    items = "\n".join(
        f'      <li><a href="{c}/index.html" hreflang="{c}" lang="{c}">{n}</a></li>'
        for c, n in langs.items()
    )
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{c}" href="{c}/index.html">' for c in codes
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>daskgallery</title>
  <link rel="icon" href="{codes[0]}/_static/favicon.svg" type="image/svg+xml">
{alternates}
  <link rel="alternate" hreflang="x-default" href="{codes[0]}/index.html">
  <script>
    (function () {{
      var available = {codes!r};
      var wanted = navigator.languages || [navigator.language || ""];
      var target = available[0];
      for (var i = 0; i < wanted.length; i++) {{
        var code = String(wanted[i]).toLowerCase().split("-")[0];
        if (available.indexOf(code) !== -1) {{ target = code; break; }}
      }}
      window.location.replace(target + "/index.html");
    }})();
  </script>
  <style>
    body {{ font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 30rem; }}
  </style>
</head>
<body>
  <main>
    <h1>daskgallery</h1>
    <p>Parallel Python with Dask. Choose your language:</p>
    <ul>
{items}
    </ul>
  </main>
</body>
</html>
"""


def interface_gettext(lang: str, default: str):
    """A gettext function for the interface strings of ``lang`` (``sphinx.po``)."""
    if lang == default:
        return str
    from babel.messages.pofile import read_po

    po = DOCS / "locales" / lang / "LC_MESSAGES" / "sphinx.po"
    with po.open("rb") as f:
        catalog = {m.id: m.string for m in read_po(f) if m.id and m.string}

    def gettext(message: str) -> str:
        if message not in catalog:
            raise SystemExit(f"{po}: no translation of {message!r}")
        return catalog[message]

    return gettext


def root_notfound(langs: dict[str, str], base: str) -> str:
    """The site root's 404 page: the message and its links in every language.

    A server shows it for a missing address outside the language folders (and
    GitHub Pages for every missing address): when the address is under a
    language folder, a script opens that language's 404 page, which has the
    site's header and navigation. Links are absolute from the site root.
    """
    from html import escape

    from daskgallery_site.sphinxext.notfound import PAGENAME, page_text, site_root

    root = site_root(base)
    codes = list(langs)
    default = codes[0]
    sections = []
    for code in codes:
        text = {
            k: escape(v) for k, v in page_text(interface_gettext(code, default)).items()
        }
        sections.append(
            f"""    <section lang="{code}">
      <h2>{text["title"]}</h2>
      <p>{text["missing"]} {text["reason"]}</p>
      <p>{text["try"]}</p>
      <ul>
        <li><a href="{root}{code}/index.html">{text["home"]}</a></li>
        <li><a href="{root}{code}/examples/index.html">{text["gallery"]}</a></li>
      </ul>
    </section>"""
        )
    body = "\n".join(sections)
    return f"""<!DOCTYPE html>
<html lang="{default}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>404 · daskgallery</title>
  <link rel="icon" href="{root}{default}/_static/favicon.svg" type="image/svg+xml">
  <script>
    (function () {{
      var root = {root!r}, available = {codes!r}, page = {PAGENAME!r} + ".html";
      var path = window.location.pathname;
      if (path.indexOf(root) !== 0) return;
      var lang = path.slice(root.length).split("/")[0];
      var target = root + lang + "/" + page;
      if (available.indexOf(lang) !== -1 && path !== target) {{
        window.location.replace(target);
      }}
    }})();
  </script>
  <style>
    body {{ font-family: system-ui, sans-serif; margin: 3rem auto; max-width: 36rem; }}
    section {{ border-top: 1px solid #ccc; }}
  </style>
</head>
<body>
  <main>
    <h1>daskgallery · 404</h1>
{body}
  </main>
</body>
</html>
"""


def helpers_changed(examples: Path = EXAMPLES) -> bool:
    """Did the code the examples' outputs come from change since they ran?

    sphinx-gallery executes an example again only when its own source
    changes; the outputs also depend on the helper package (data sets, timing,
    plots) and on the hooks that run with the examples (task-graph capture,
    scrapers). When that code changed, the English build runs with
    sphinx-gallery's ``run_stale_examples``: every example runs again.
    """
    from daskgallery_site import sources

    try:
        stamp = (examples / HELPERS_STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return True
    return stamp != sources.outputs_checksum()


def remember_helpers(examples: Path = EXAMPLES) -> None:
    """After the examples ran: the code they ran with (see helpers_changed)."""
    from daskgallery_site import sources

    write_atomic(examples / HELPERS_STAMP, sources.outputs_checksum() + "\n")


def remove_stale_examples(
    gallery: Path = ROOT / "gallery", examples: Path = EXAMPLES, site: Path = HTML
) -> list[Path]:
    """Remove what was generated for a page whose source is gone; return it.

    sphinx-gallery never deletes the files it generated for an example that was
    renamed or removed (its ``.rst``, copies, images, thumbnail), so Sphinx
    would still read the old page (and fail: it is in no toctree), and Sphinx
    never deletes a page's HTML. No library does this; it runs before a build.
    """
    removed: list[Path] = []
    for page in sorted(examples.glob("*/plot_*.rst")):
        chapter, stem = page.parent, page.stem
        if (gallery / chapter.name / f"{stem}.py").is_file():
            continue
        images = chapter / "images"
        removed += [
            *chapter.glob(f"{stem}.*"),
            *images.glob(f"sphx_glr_{stem}_*"),
            *images.glob(f"thumb/sphx_glr_{stem}_*"),
            *site.glob(f"*/examples/{chapter.name}/{stem}.html"),
        ]
    for path in removed:
        path.unlink()
    return removed


def build_wheel(site: Path = HTML) -> Path:
    """The helper package's wheel, built from this tree, into ``<site>/wheels/``.

    Built from a copy of what the wheel is made of (so that no ``build/`` or
    ``.egg-info`` folder is left in the tree), with a fixed timestamp: the same
    sources give the same file. Older wheels in that folder are removed. When
    the wheel is there and its sources have not changed since it was built
    (a checksum kept beside the doctrees), nothing is done.
    """
    import hashlib

    from daskgallery_site.sphinxext.install import WHEELS, wheel_name

    parts = ["pyproject.toml", "LICENSE", "src/README.md", "src/daskgallery"]
    target = site / WHEELS
    digest = hashlib.sha256()
    for part in parts:
        files = sorted((ROOT / part).rglob("*")) if (ROOT / part).is_dir() else []
        for path in files or [ROOT / part]:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    stamp = site.parent / WHEEL_STAMP
    built = target / wheel_name()
    if built.is_file() and stamp.is_file() and stamp.read_text() == digest.hexdigest():
        return built
    with tempfile.TemporaryDirectory(prefix="daskgallery-wheel-") as tmp:
        project, dist = Path(tmp) / "project", Path(tmp) / "dist"
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        for part in parts:
            src, dst = ROOT / part, project / part
            dst.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dst, ignore=ignore)
            else:
                shutil.copy2(src, dst)
        env = dict(os.environ, SOURCE_DATE_EPOCH="315532800")  # 1980-01-01
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
                str(dist),
                str(project),
            ],
            check=True,
            env=env,
        )
        (wheel,) = dist.glob("*.whl")
        target.mkdir(parents=True, exist_ok=True)
        for old in target.glob("daskgallery-*.whl"):
            if old.name != wheel.name:
                old.unlink()
        write_atomic(target / wheel.name, wheel.read_bytes())
    write_atomic(stamp, digest.hexdigest())
    return check_wheel(site)


def check_wheel(site: Path = HTML) -> Path:
    """The wheel the pages' install command points at; the build fails without it."""
    from daskgallery_site.sphinxext.install import WHEELS, wheel_name

    wheel = site / WHEELS / wheel_name()
    if not wheel.is_file():
        found = sorted(p.name for p in (site / WHEELS).glob("*.whl"))
        raise SystemExit(
            f"the site has no {wheel.relative_to(site)}, which every page's install "
            f"command points at (found: {found or 'no wheel'}); when the version "
            "changed, reinstall the helper package (`pip install -e .`)"
        )
    return wheel


def build_html(wanted: list[str]) -> None:
    langs = languages()
    default = next(iter(langs))
    unknown = [lang for lang in wanted if lang not in langs]
    if unknown:
        raise SystemExit(f"unknown language(s) {unknown}; choose from {list(langs)}")
    # English first, always: it executes the examples the others reuse.
    order = [default] + [lang for lang in langs if lang in wanted and lang != default]
    for path in remove_stale_examples():
        print(f"removed {path.relative_to(ROOT)}: its example is gone", flush=True)
    rerun = helpers_changed()
    if rerun:
        print("helper package changed: every example will run again", flush=True)
    wheel = build_wheel()
    print(f"helper package: {wheel.relative_to(HTML)}", flush=True)
    phases: list[tuple[str, float, int]] = []
    for lang in order:
        started = time.perf_counter()
        started_at = time.time()
        run_sphinx(
            [
                "-b",
                "html",
                "-W",
                "--keep-going",
                "-j",
                "1",
                "-d",
                str(BUILD / "doctrees" / lang),
                "-D",
                f"language={lang}",
                *(RERUN_ALL if rerun and lang == default else ()),
                str(DOCS),
                str(HTML / lang),
            ],
            BUILD / "logs" / f"html-{lang}.log",
        )
        if lang == default:
            remember_helpers()
        # Sphinx keeps the previous build's info there when the config changed:
        # not a file for the published site
        (HTML / lang / ".buildinfo.bak").unlink(missing_ok=True)
        count = len(build_summary(lang, since=started_at)["executed"])
        if lang != default and count:
            raise SystemExit(
                f"the {lang} build executed {count} example(s); expected 0"
            )
        phases.append((lang, time.perf_counter() - started, count))
    write_atomic(HTML / "index.html", root_index(langs))
    write_atomic(HTML / "404.html", root_notfound(langs, base_url()))
    write_atomic(HTML / ".nojekyll", "")
    check_wheel()
    print("\nBuild phases:")
    for lang, seconds, count in phases:
        print(f"  {lang}: {seconds:6.1f} s  (examples executed: {count})")
    print(f"  total: {sum(s for _, s, _ in phases):6.1f} s")
    print(f"\nOpen {HTML / 'index.html'}")


def extract_pot(pot_dir: Path) -> None:
    """Extract every message into ``.pot`` files, in a scratch copy of the sources.

    sphinx-gallery with ``plot_gallery=0`` rewrites the generated pages without
    their outputs; doing it in a scratch copy keeps the real ones intact.
    The interface strings' template ``sphinx.pot`` is made by
    :func:`extract_interface_pot`.
    """
    shutil.rmtree(pot_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="daskgallery-gettext-") as tmp:
        scratch = Path(tmp)
        ignore = shutil.ignore_patterns("_build", "examples", "*.mo", "__pycache__")
        shutil.copytree(DOCS, scratch / "docs", ignore=ignore)
        shutil.copytree(ROOT / "gallery", scratch / "gallery", ignore=ignore)
        run_sphinx(
            [
                "-b",
                "gettext",
                "-W",
                "--keep-going",
                "-q",
                "-D",
                "plot_gallery=0",
                "-d",
                str(scratch / "doctrees"),
                str(scratch / "docs"),
                str(pot_dir),
            ],
            BUILD / "logs" / "gettext.log",
        )
    extract_interface_pot(pot_dir)
    add_code_comments(pot_dir)


def new_template():
    """An empty catalog template (``.pot``) with the project's header."""
    from babel.messages.catalog import Catalog

    return Catalog(
        project="daskgallery",
        version="",
        copyright_holder="daskgallery",
        msgid_bugs_address="",
        last_translator="daskgallery translators",
        language_team="daskgallery translators",
        fuzzy=False,
    )


def extract_interface_pot(pot_dir: Path) -> Path:
    """``sphinx.pot``: every interface string the site shows.

    The theme's own catalog template (pydata-sphinx-theme has no Portuguese),
    the ``_()`` strings of our templates and of the Sphinx extension (Babel's
    Jinja and Python extractors, with their ``Translators:`` comments), and
    the search page's script strings (:mod:`.sphinxext.search_strings`).
    """
    from babel.messages.extract import extract_from_dir
    from babel.messages.pofile import read_po, write_po

    from daskgallery_site import compat
    from daskgallery_site.sphinxext import search_strings

    catalog = new_template()
    with compat.theme_catalog_template().open("rb") as f:
        for message in read_po(f):
            if message.id:
                catalog.add(message.id)
    sources = [
        (DOCS / "_templates", [("**.html", "jinja2")]),
        (Path(search_strings.__file__).parent, [("**.py", "python")]),
    ]
    for folder, method in sources:
        for _file, _line, msgid, notes, _context in extract_from_dir(
            str(folder),
            method,
            keywords={"_": None},
            comment_tags=("Translators:",),
            strip_comment_tags=True,
        ):
            if msgid not in catalog:
                catalog.add(msgid, auto_comments=notes)
    for msgid in search_strings.JS_STRINGS:
        if msgid in search_strings.FROM_SPHINX or msgid in catalog:
            continue
        note = search_strings.JS_NOTES.get(msgid, "The search page (JavaScript).")
        catalog.add(msgid, auto_comments=note.split("\n"))
    pot = pot_dir / "sphinx.pot"
    with pot.open("wb") as f:
        write_po(f, catalog, width=79, omit_header=False)
    return pot


def _gallery_pages() -> list[tuple[Path, str]]:
    """(source script, docname of its generated page) for every gallery example."""
    conf = runpy.run_path(str(DOCS / "conf.py"))["sphinx_gallery_conf"]
    sources, targets = conf["examples_dirs"], conf["gallery_dirs"]
    if isinstance(sources, str):
        sources, targets = [sources], [targets]
    pages = []
    for source, target in zip(sources, targets, strict=True):
        base = (DOCS / source).resolve()
        for script in sorted(base.rglob("*.py")):
            rel = script.relative_to(base).with_suffix("")
            pages.append((script, f"{target}/{rel.as_posix()}"))
    return pages


def _update_pot(pot: Path, messages: list[tuple[str, str]]) -> None:
    """Add ``(msgid, comment for translators)`` messages to a ``.pot`` file."""
    from babel.messages.pofile import read_po, write_po

    with pot.open("rb") as f:
        catalog = read_po(f)
    for msgid, note in messages:
        if msgid not in catalog:
            catalog.add(msgid, auto_comments=[note])
    with pot.open("wb") as f:
        write_po(f, catalog, width=79, omit_header=False)


def add_code_comments(pot_dir: Path) -> None:
    """Add the comments in each example's code to the example's ``.pot``."""
    from daskgallery_site.sphinxext.translate_script import script_comments

    for script, docname in _gallery_pages():
        pot = pot_dir / f"{docname}.pot"
        comments = script_comments(script.read_text(encoding="utf-8"))
        if comments and pot.is_file():
            _update_pot(pot, [(c.text, "code comment") for c in comments])


def extract_figure_pot(pot_dir: Path) -> Path:
    """``figures.pot``: the texts on the figures (and the titles of embedded
    reports) of the last English build.

    Each text once, as a template (numbers replaced by ``{0}``, ``{1}``…),
    with the pages that show it as a comment for translators.
    """
    import pickle

    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt
    from babel.messages.pofile import write_po

    from daskgallery_site import compat
    from daskgallery_site.figure_text import figure_texts, template
    from daskgallery_site.scrapers import FIGURE_SUFFIX

    pages: dict[str, list[str]] = {}
    for script, docname in _gallery_pages():
        images = DOCS / Path(docname).parent / "images"
        if not (DOCS / docname).with_suffix(".rst").is_file():
            raise SystemExit(f"{docname} is not built: build the English site first")
        kept = sorted(images.glob(f"{compat.image_glob(script.stem)}{FIGURE_SUFFIX}"))
        for path in kept:
            with path.open("rb") as f:
                fig = pickle.load(f)
            try:
                for text in figure_texts(fig):
                    shown = pages.setdefault(text, [])
                    if docname not in shown:
                        shown.append(docname)
            finally:
                plt.close(fig)
    # the titles of embedded reports (the iframes' titles) are labels too
    from daskgallery_site.sphinxext.summary import read_summary

    default = next(iter(languages()))
    for report in read_summary(BUILD / "doctrees" / default)["reports"]:
        parts = template(report["title"])
        if parts is not None:
            shown = pages.setdefault(parts[0], [])
            if f"{report['page']} (report)" not in shown:
                shown.append(f"{report['page']} (report)")
    catalog = new_template()
    for text, shown in pages.items():
        catalog.add(text, auto_comments=[f"figure in {', '.join(shown)}"])
    pot = pot_dir / "figures.pot"
    pot_dir.mkdir(parents=True, exist_ok=True)
    with pot.open("wb") as f:
        write_po(f, catalog, width=79, omit_header=False)
    return pot


def extract_messages() -> None:
    """Extract the messages, then update the pt, fr and es catalogs."""
    langs = [lang for lang in languages() if lang != DEFAULT_LANGUAGE]
    pot_dir = BUILD / "gettext"
    # the figures' texts come from running the examples: build English first
    build_html([DEFAULT_LANGUAGE])
    extract_pot(pot_dir)
    extract_figure_pot(pot_dir)
    cmd = [
        sys.executable,
        "-m",
        "sphinx_intl",
        "update",
        "-p",
        str(pot_dir),
        "-d",
        str(DOCS / "locales"),
        "-w",
        "79",
    ]
    for lang in langs:
        cmd += ["-l", lang]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=ROOT, check=True)


def catalog_stats() -> None:
    """Per page and language: sphinx-intl's counts; then each language's total
    (what ``sphinx-intl stat`` does not print)."""
    import re

    counts = re.compile(r"(\d+) translated, (\d+) fuzzy, (\d+) untranslated")
    for lang in [code for code in languages() if code != DEFAULT_LANGUAGE]:
        done = subprocess.run(
            [sys.executable, "-m", "sphinx_intl", "stat", "-d", str(DOCS / "locales"),
             "-l", lang],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        print(done.stdout, end="")
        rows = [tuple(map(int, m)) for m in counts.findall(done.stdout)]
        translated, fuzzy, empty = (sum(col) for col in zip(*rows, strict=True))
        total = translated + fuzzy + empty
        share = 100 * translated / total if total else 100
        print(
            f"{lang}: {len(rows)} catalogs, {total} messages, {share:.1f}% "
            f"translated, {fuzzy} fuzzy, {empty} untranslated\n"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=["html", "gettext", "stats"])
    parser.add_argument("--languages", nargs="+", default=None, metavar="LANG")
    args = parser.parse_args(argv)
    if args.target != "stats":  # Sphinx runs: load it once for every build
        sphinx_process.preload(build_env())
    if args.target == "html":
        build_html(args.languages or list(languages()))
    elif args.target == "stats":
        catalog_stats()
    else:
        if args.languages:
            parser.error("--languages applies to the html target only")
        extract_messages()


if __name__ == "__main__":
    main()
