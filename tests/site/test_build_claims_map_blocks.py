"""The prose claims of D6 (your own function on every chunk), checked against
what the build measured.

The numbers come from the English page's captured output (the translated
pages show the same run). The small image is seeded, so its counts are exact;
the one timing is checked only for its direction.
"""

from __future__ import annotations

import re

from conftest import EXAMPLES_HTML, number, output, page_soup

PAGE = "03_array/plot_07_map_blocks"
SHAPES = r"\[((?:\(\d+, \d+\)(?:, )?)*)\]"  # a printed list of block shapes


def calls(name: str, out: str) -> list[str]:
    """The block shapes the function got, as printed on the line ``name: ...``."""
    found = re.search(rf"^{name}: .*calls {SHAPES}", out, re.M)
    assert found, f"no line {name!r} in:\n{out}"
    return re.findall(r"\(\d+, \d+\)", found.group(1))


def test_d6_dask_calls_the_function_on_fake_arrays_unless_given_meta(site):
    out = output(PAGE)
    # an empty array for the array type, a 1 x 1 array for the dtype ...
    assert calls("nothing", out) == ["(0, 0)", "(1, 1)"]
    # ... with dtype=, only the empty one; with meta=, none
    assert calls("dtype", out) == ["(0, 0)"]
    assert calls("meta", out) == []
    # the dtype inferred in every case: the function's, not the input's
    assert len(re.findall(r"^(?:nothing|dtype|meta): dtype uint8,", out, re.M)) == 3
    # compute: one real call per chunk of 6 x 6, no fake one
    assert calls("compute", out) == ["(6, 6)"] * 4
    assert re.search(r"^compute: .*equal True$", out, re.M)


def test_d6_new_chunk_shapes_need_dtype_and_chunks_or_drop_axis(site):
    out = output(PAGE)
    # the fake 1 x 1 array has no square of 2 x 2: inference fails
    assert "ValueError: `dtype` inference failed in `map_blocks`." in out
    # without chunks, Dask keeps the old shape and does not check it
    assert "without chunks: shape (12, 12), computed (6, 6)" in out
    assert "with chunks: shape (6, 6), equal True" in out
    # drop_axis: one value per row, the row chunks kept, whole rows in each call
    assert "drop_axis: shape (12,), chunks ((6, 6),), equal True" in out


def test_d6_map_blocks_gets_the_cells_along_the_inner_chunk_edges_wrong(site):
    out = output(PAGE)
    found = re.search(r"map_blocks: (\d+) of (\d+) cells differ, max ([\d.]+)", out)
    assert found, out
    differ, cells, largest = int(found[1]), int(found[2]), float(found[3])
    assert cells == 12 * 12  # the image, in chunks of 6 x 6
    # the two rows and the two columns along the inner edges, and no other
    assert differ == 2 * 12 + 2 * 12 - 4
    assert largest > 0.01  # wrong values, not rounding


def test_d6_map_overlap_matches_scipy_when_the_boundary_matches(site):
    out = output(PAGE)
    rows = {
        boundary: (int(differ), int(tasks))
        for boundary, differ, tasks in re.findall(
            r"^boundary=(\S+): (\d+) cells differ, (\d+) tasks$", out, re.M
        )
    }
    assert set(rows) == {"'reflect'", "'periodic'", "0", "'none'"}
    assert rows["'reflect'"][0] == 0  # SciPy's mode="reflect"
    assert rows["'none'"][0] == 0  # the function handles the outer edge itself
    assert rows["'periodic'"][0] > 0
    assert rows["0"][0] > 0
    # "with fewer tasks" than any boundary that pads the outer edge
    padded = [tasks for name, (_, tasks) in rows.items() if name != "'none'"]
    assert rows["'none'"][1] < min(padded)


def test_d6_the_task_graph_shows_strips_glued_and_trimmed(site):
    images = page_soup(PAGE).select("img.dg-task-graph")
    assert len(images) == 1
    svg = (EXAMPLES_HTML / "03_array" / images[0]["src"]).resolve()
    labels = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg.read_text("utf-8")))
    assert {"getitem", "overlap", "smooth", "trim"} <= labels
    assert "(0.9, 1)" in labels  # the strip named in the prose


def test_d6_the_halo_adds_few_bytes_but_takes_longer(site):
    out = output(PAGE)
    assert number(r"\d+ chunks, halo ([\d.]+)% more bytes", out) < 1
    blocks = number(r"map_blocks: ([\d.]+) s", out)
    overlap = number(r"map_overlap: ([\d.]+) s", out)
    assert overlap > blocks
    assert re.search(r"^\d+ cores · Python [\d.]+ · Dask ", out, re.M)
