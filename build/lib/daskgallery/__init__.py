"""daskgallery: small helpers that keep the gallery's examples short.

Modules: :mod:`~daskgallery.system` (the machine a page ran on),
:mod:`~daskgallery.graphs` (task graphs as SVG, with or without Graphviz),
:mod:`~daskgallery.scrapers` (sphinx-gallery hooks).
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
