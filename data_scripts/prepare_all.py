"""Prepare every data set of the gallery (see README.md beside this file).

python data_scripts/prepare_all.py --scale small  # also: --out FOLDER, --force
"""

import sys
from pathlib import Path

try:
    from daskgallery.datasets import JOBS, main
except ImportError:  # a clone without `pip install -e .`: use its src/ folder
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from daskgallery.datasets import JOBS, main

if __name__ == "__main__":
    sys.exit(main(list(JOBS)))
