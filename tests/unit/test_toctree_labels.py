"""Sidebar toggles get a translated name (axe-core rule summary-name)."""

from bs4 import BeautifulSoup
from daskgallery_site.sphinxext.toctree_labels import label_toggles

NAV = """
<ul>
<li class="toctree-l1 has-children"><a class="reference internal" href="a.html">
Parallel <code>dask.delayed</code></a><details><summary><span class="toctree-toggle"
role="presentation"><i class="fa-solid fa-chevron-down"></i></span></summary>
<ul><li class="toctree-l2"><a href="b.html">B</a></li></ul></details></li>
<li class="toctree-l0 has-children"><details><summary><p class="caption">Part</p>
<span class="toctree-toggle"></span></summary><ul></ul></details></li>
</ul>
"""


def test_an_icon_only_summary_is_named_after_its_entry():
    soup = label_toggles(BeautifulSoup(NAV, "html.parser"))
    first, second = soup.find_all("summary")
    assert first["aria-label"] == "Contents: Parallel dask.delayed"
    # a summary that shows text already has a name
    assert "aria-label" not in second.attrs


def test_labelling_twice_changes_nothing():
    soup = label_toggles(BeautifulSoup(NAV, "html.parser"))
    once = str(soup)
    assert str(label_toggles(soup)) == once
