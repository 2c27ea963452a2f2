"""Build the four-language site, or extract its messages for translation.

    python docs/build_site.py html              # en, then pt, fr, es
    python docs/build_site.py html --languages en pt
    python docs/build_site.py gettext           # extract + update the catalogs
    python docs/build_site.py stats             # translation progress per page

English is built first: sphinx-gallery executes the examples whose source
changed and writes the generated pages next to the docs. The other languages
reuse those pages and must execute nothing; the build fails if one does.
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
BUILD = DOCS / "_build"
HTML = BUILD / "html"
EXECUTED = re.compile(r"Sphinx-Gallery successfully executed (\d+) out of (\d+)")
# Dask does the parallelism: nested BLAS threads would oversubscribe the cores.
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def languages() -> dict[str, str]:
    """The site's languages, from conf.py: {code: name in that language}."""
    conf = runpy.run_path(str(DOCS / "conf.py"))
    return dict(conf["daskgallery_languages"])


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    for var in THREAD_VARS:
        env[var] = "1"
    env.setdefault("MPLBACKEND", "agg")
    # examples start no Dask dashboard while the site builds
    env["DASKGALLERY_BUILDING"] = "1"
    env["PYTHONWARNINGS"] = env.get("PYTHONWARNINGS", "")
    return env


def run_sphinx(args: list[str], log: Path) -> str:
    """Run sphinx-build, echo and keep its output; fail with its exit code."""
    cmd = [sys.executable, "-m", "sphinx", *args]
    print("$", " ".join(cmd), flush=True)
    log.parent.mkdir(parents=True, exist_ok=True)
    with subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            sys.stdout.write(line)
            lines.append(line)
    output = "".join(lines)
    log.write_text(output, encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"sphinx-build failed ({proc.returncode}); log: {log}")
    return output


def executed(output: str) -> int:
    """How many examples sphinx-gallery executed in a build."""
    found = EXECUTED.findall(output)
    if not found:
        raise SystemExit("sphinx-gallery did not report what it executed")
    return sum(int(n) for n, _ in found)


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


def build_html(wanted: list[str]) -> None:
    langs = languages()
    default = next(iter(langs))
    unknown = [lang for lang in wanted if lang not in langs]
    if unknown:
        raise SystemExit(f"unknown language(s) {unknown}; choose from {list(langs)}")
    # English first, always: it executes the examples the others reuse.
    order = [default] + [lang for lang in langs if lang in wanted and lang != default]
    phases: list[tuple[str, float, int]] = []
    for lang in order:
        started = time.perf_counter()
        output = run_sphinx(
            [
                "-b",
                "html",
                "-W",
                "--keep-going",
                "-j",
                "1",
                # write every page: Sphinx feeds the search index's entries
                # (API, glossary) only from the pages it writes, so an
                # incremental build would drop those of the pages it skipped
                "-a",
                "-d",
                str(BUILD / "doctrees" / lang),
                "-D",
                f"language={lang}",
                str(DOCS),
                str(HTML / lang),
            ],
            BUILD / "logs" / f"html-{lang}.log",
        )
        count = executed(output)
        if lang != default and count:
            raise SystemExit(
                f"the {lang} build executed {count} example(s); expected 0"
            )
        phases.append((lang, time.perf_counter() - started, count))
    (HTML / "index.html").write_text(root_index(langs), encoding="utf-8")
    (HTML / ".nojekyll").write_text("", encoding="utf-8")
    print("\nBuild phases:")
    for lang, seconds, count in phases:
        print(f"  {lang}: {seconds:6.1f} s  (examples executed: {count})")
    print(f"  total: {sum(s for _, s, _ in phases):6.1f} s")
    print(f"\nOpen {HTML / 'index.html'}")


def extract_pot(pot_dir: Path) -> None:
    """Extract every message into ``.pot`` files, in a scratch copy of the sources.

    sphinx-gallery with ``plot_gallery=0`` rewrites the generated pages without
    their outputs; doing it in a scratch copy keeps the real ones intact.
    Interface strings (theme, switcher) live in a hand-kept ``sphinx.po``, so
    the template catalog ``sphinx.pot`` is dropped.
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
    (pot_dir / "sphinx.pot").unlink(missing_ok=True)


def extract_messages() -> None:
    """Extract the messages, then update the pt, fr and es catalogs."""
    langs = [lang for lang in languages() if lang != "en"]
    pot_dir = BUILD / "gettext"
    extract_pot(pot_dir)
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
    """Messages, translated share, fuzzy and untranslated, per page and language."""
    from babel.messages.pofile import read_po

    for lang in [code for code in languages() if code != "en"]:
        base = DOCS / "locales" / lang / "LC_MESSAGES"
        rows, totals = [], [0, 0, 0, 0]
        for po in sorted(base.rglob("*.po")):
            with po.open("rb") as f:
                messages = [m for m in read_po(f) if m.id]
            fuzzy = sum(m.fuzzy for m in messages)
            empty = sum(not m.string for m in messages)
            done = len(messages) - fuzzy - empty
            rows.append(
                (po.relative_to(base).as_posix(), len(messages), done, fuzzy, empty)
            )
            for i, n in enumerate((len(messages), done, fuzzy, empty)):
                totals[i] += n
        print(
            f"\n{lang}: {'page':<56} {'msgs':>5} {'done':>6} {'fuzzy':>5} {'empty':>5}"
        )
        for name, n, done, fuzzy, empty in rows:
            share = 100 * done / n if n else 100
            print(f"    {name:<56} {n:>5} {share:>5.1f}% {fuzzy:>5} {empty:>5}")
        n, done, fuzzy, empty = totals
        print(f"    {'total':<56} {n:>5} {100 * done / n:>5.1f}% {fuzzy:>5} {empty:>5}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=["html", "gettext", "stats"])
    parser.add_argument("--languages", nargs="+", default=None, metavar="LANG")
    args = parser.parse_args(argv)
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
