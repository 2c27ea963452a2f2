"""Stop-word profiles: which of the site's languages a text is written in.

Small lists of the most frequent function words of each language. They are
enough to tell English from Portuguese, French and Spanish in a paragraph, and
need no model or download.
"""

from __future__ import annotations

import re

_LISTS = {
    "en": """the and of to is are with this that it for from on by you your be as
        an at or not each which when what does how can into one""",
    "pt": """o os as um uma de do da dos das e é são com para que por em no na nos
        nas se não ao à mais como você cada seu sua isso este esta""",
    "fr": """le la les un une des du de et est sont avec pour que qui dans en sur
        par ne pas au aux plus ce cette vous chaque son sa ses il elle""",
    "es": """el la los las un una de del y es son con para que por en no al más
        como se su sus cada este esta usted lo le""",
}
STOP_WORDS = {lang: frozenset(words.split()) for lang, words in _LISTS.items()}
WORD = re.compile(r"[a-zà-ÿœ]+", re.I)


def profile(text: str) -> dict[str, int]:
    """How many words of ``text`` are stop words of each language."""
    words = [w.lower() for w in WORD.findall(text)]
    return {lang: sum(w in stops for w in words) for lang, stops in STOP_WORDS.items()}


def english_only(text: str) -> bool:
    """True when a text has English stop words and few of the other languages'."""
    counts = profile(text)
    others = max(counts["pt"], counts["fr"], counts["es"])
    return counts["en"] >= 2 and counts["en"] > 2 * others
