"""Where things live: built from the package's own location, never from the working directory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import intl_report
from intl_report import paths


def test_the_notebooks_and_the_package_are_found_from_the_package_itself():
    assert paths.PACKAGE_DIR == Path(intl_report.__file__).resolve().parent
    for notebook in (paths.CLEAN_NOTEBOOK, paths.CROSS_NOTEBOOK, paths.REPORT_NOTEBOOK):
        assert notebook.is_file() and notebook.is_relative_to(paths.PROJ_ROOT)
    assert paths.RAW_DIR.parent == paths.PROCESSED_DIR.parent == paths.DATA_DIR


def test_the_folders_do_not_depend_on_the_working_directory(tmp_path):
    probe = "from intl_report import paths; print(paths.CLEAN_NOTEBOOK, paths.RAW_DIR, sep='\\n')"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(paths.CLEAN_NOTEBOOK), str(paths.RAW_DIR)]


def test_a_years_folders_are_named_after_the_year(tmp_path):
    assert paths.raw_year_dir(2025, tmp_path) == tmp_path / "2025"
    assert paths.processed_year_dir(2025) == paths.PROCESSED_DIR / "2025"
