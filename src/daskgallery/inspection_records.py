"""Synthetic restaurant inspections, shaped like the DC data of the Dask tutorial.

Made-up restaurants, addresses and violations (codes in the style of the FDA
Food Code), drawn with a seeded NumPy generator. Used by
:func:`daskgallery.datasets.inspections`, which writes them to disk.
"""

from __future__ import annotations

import calendar
import json

import numpy as np

__all__ = ["README", "businesses", "inspection_lines"]


def _words(text: str, sep: str = ", ") -> tuple[str, ...]:
    return tuple(text.split(sep))


_TYPES = ("Routine", "Follow-up", "Complaint", "Pre-operational", "License Renewal")
_TYPE_P = (0.55, 0.2, 0.15, 0.05, 0.05)
_VIOLATIONS = [  # (code, category, description), in the style of the FDA Food Code
    _words(row, " | ")
    for row in """\
3-501.16 | Critical | Food not held at a safe temperature
2-301.14 | Critical | Hands not washed when required
3-302.11 | Critical | Raw food not separated from ready-to-eat food
3-501.17 | Critical | Ready-to-eat food not date marked
6-501.111 | Critical | Evidence of insects or rodents
4-601.11 | Critical | Food-contact surfaces not clean
7-201.11 | Critical | Poisonous materials stored above food
6-501.12 | Non-critical | Floors, walls or ceilings not clean
4-501.11 | Non-critical | Equipment in poor repair
5-205.15 | Non-critical | Plumbing not in good repair
6-202.15 | Non-critical | Outer openings not protected
3-305.11 | Non-critical | Food stored on the floor
2-402.11 | Non-critical | Hair restraints not worn
4-302.12 | Non-critical | No food thermometer available""".splitlines()
]
# One violation in three is critical: 7 critical codes at 5 %, 7 others at 9.3 %.
_VIOLATION_P = np.array([0.05 if v[1] == "Critical" else 0.65 / 7 for v in _VIOLATIONS])
_NAME_1 = _words(
    "Capitol, Potomac, Golden, Union, Liberty, Rock Creek, Anacostia, Federal, "
    "Georgetown, Dupont, Monument, Embassy, Cherry Blossom, Red Line, Little, Grand"
)
_NAME_2 = _words(
    "Grill, Cafe, Diner, Pizza, Bistro, Kitchen, Deli, Bakery, Taqueria, Sushi, "
    "Noodle House, Tavern, Market, Crab House, Coffee, Wings, Pho, Bagels, Buffet"
)
_STREETS = _words(
    "14th St, U St, K St, M St, H St, Connecticut Ave, Wisconsin Ave, Georgia Ave, "
    "Pennsylvania Ave, Florida Ave, Massachusetts Ave, Rhode Island Ave, 18th St, "
    "7th St, Benning Rd, Martin Luther King Jr Ave"
)
README = """SYNTHETIC DATA: not real restaurants, not real inspections.

{records} records made by daskgallery.datasets.inspections(seed={seed},
scale={scale!r}) with numpy.random.default_rng({seed}), shaped like the DC
restaurant inspections of the Dask tutorial (PyData Chicago 2016): one
gzipped JSON-lines file per month, one inspection a line, each record with
"synthetic": true.
"""


def businesses(rng: np.random.Generator, n: int) -> list[tuple[str, str, int]]:
    """``n`` made-up restaurants: name (chains share one), address, ward."""
    names = rng.integers(0, [len(_NAME_1), len(_NAME_2)], size=(n, 2))
    numbers = rng.integers(100, 5000, size=n)
    streets = rng.integers(0, len(_STREETS), size=n)
    quads = rng.choice(["NW", "NE", "SE", "SW"], size=n, p=[0.6, 0.2, 0.15, 0.05])
    wards = rng.integers(1, 9, size=n)
    return [
        (f"{_NAME_1[a]} {_NAME_2[b]}", f"{num} {_STREETS[s]} {q}", int(w))
        for (a, b), num, s, q, w in zip(
            names, numbers, streets, quads, wards, strict=True
        )
    ]


def inspection_lines(
    rng: np.random.Generator,
    year: int,
    month: int,
    n: int,
    places: list[tuple[str, str, int]],
    p: np.ndarray,
) -> str:
    """``n`` records of one month, one JSON object a line, in date order."""
    days = np.sort(rng.integers(1, calendar.monthrange(year, month)[1] + 1, size=n))
    who = rng.choice(len(places), size=n, p=p)
    kinds = rng.choice(len(_TYPES), size=n, p=_TYPE_P)
    counts = 1 + np.minimum(rng.poisson(1.2, size=n), 7)
    codes = rng.choice(len(_VIOLATIONS), size=int(counts.sum()), p=_VIOLATION_P)
    ends = np.cumsum(counts)
    lines = []
    for i in range(n):
        name, address, ward = places[who[i]]
        found = dict.fromkeys(codes[ends[i] - counts[i] : ends[i]].tolist())
        record = {
            "Name": name,
            "Address": address,
            "Ward": ward,
            "Inspection Type": _TYPES[kinds[i]],
            "Inspection Date": f"{year}-{month:02d}-{days[i]:02d}",
            "Violations": [
                {"Violation Category": cat, "Code": code, "Description": text}
                for code, cat, text in (_VIOLATIONS[c] for c in found)
            ],
            "synthetic": True,
        }
        lines.append(json.dumps(record) + "\n")
    return "".join(lines)
