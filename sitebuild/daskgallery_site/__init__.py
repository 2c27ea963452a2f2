"""daskgallery_site: what builds the site, apart from what readers install.

Readers install :mod:`daskgallery` (the helpers the pages import). This
package is the site's build machinery on top of it, never installed by readers:
the Sphinx extension (:mod:`daskgallery_site.sphinxext`), the sphinx-gallery
scrapers and reset, figure-text translation, the peak-memory hook, the build
(``python -m daskgallery_site.build``) and the benchmark
(``python -m daskgallery_site.bench``).
"""
