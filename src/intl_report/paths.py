"""Where things live, built from the package's own location, never from the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# src/intl_report -> src -> repository root (when installed from a checkout, editable or not).
PROJ_ROOT = Path(os.environ.get("INTL_REPORT_ROOT", PACKAGE_DIR.parents[1])).resolve()

DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORT_DIR = PROJ_ROOT / "report"
OUTPUT_DIR = REPORT_DIR / "output"

CLEAN_NOTEBOOK = NOTEBOOKS_DIR / "10-clean-sector.ipynb"
CROSS_NOTEBOOK = NOTEBOOKS_DIR / "20-cross-sector.ipynb"
REPORT_NOTEBOOK = REPORT_DIR / "30-report.ipynb"
# The Quarto engine's settings and Typst partials (the house style itself is in the package).
QUARTO_SETTINGS = (REPORT_DIR / "_quarto.yml", REPORT_DIR / "typst-template.typ", REPORT_DIR / "typst-show.typ")


def raw_year_dir(year: int, raw_dir: Path | str = RAW_DIR) -> Path:
    return Path(raw_dir) / str(year)


def processed_year_dir(year: int, processed_dir: Path | str = PROCESSED_DIR) -> Path:
    return Path(processed_dir) / str(year)
