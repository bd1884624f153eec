"""Italian and English spelling of numbers, money, percentages and dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from intl_report.formatting import (
    MISSING,
    format_date,
    format_euro,
    format_euro_short,
    format_int,
    format_pct,
    month_name,
)


@pytest.mark.parametrize(
    ("value", "it", "en"),
    [
        (1234567, "1.234.567 €", "€1,234,567"),
        (0, "0 €", "€0"),
        (999.6, "1.000 €", "€1,000"),
        (-1500, "-1.500 €", "-€1,500"),
    ],
)
def test_format_euro(value, it, en):
    assert format_euro(value, "it") == it
    assert format_euro(value, "en") == en


def test_format_euro_options_and_missing():
    assert format_euro(1234.5, "it", decimals=2) == "1.234,50 €"
    assert format_euro(1234.5, "en", decimals=2) == "€1,234.50"
    assert format_euro(1234, "it", nbsp=True) == "1.234\u00a0€"
    assert format_euro(np.float64(12)) == "12 €"
    for missing in (None, float("nan"), pd.NA):
        assert format_euro(missing) == MISSING


def test_format_euro_short():
    assert format_euro_short(22_205_000, "it") == "22,2 mln €"
    assert format_euro_short(22_205_000, "en") == "€22.2m"
    assert format_euro_short(850_000, "it") == "850 mila €"
    assert format_euro_short(850_000, "en") == "€850k"
    assert format_euro_short(2_000_000, "it") == "2 mln €"
    assert format_euro_short(999_800, "en") == "€1m"
    assert format_euro_short(640, "it") == "640 €"


def test_format_int():
    assert format_int(1234) == "1.234"
    assert format_int(1234, "en") == "1,234"
    assert format_int(1234567.0, "it") == "1.234.567"
    assert format_int(np.int64(7)) == "7"
    assert format_int(-1234) == "-1.234"
    assert format_int(float("nan")) == MISSING


def test_format_pct():
    assert format_pct(12.5) == "12,5%"
    assert format_pct(12.5, "en") == "12.5%"
    assert format_pct(40, "it", decimals=0, signed=True) == "+40%"
    assert format_pct(-3.25, "en", decimals=1, signed=True) == "-3.2%"
    assert format_pct(-0.01, "it", decimals=1) == "0,0%"
    assert format_pct(None) == MISSING and format_pct(float("inf")) == MISSING


def test_format_date():
    assert format_date(dt.date(2025, 2, 3)) == "3 febbraio 2025"
    assert format_date(dt.date(2025, 2, 3), "en") == "3 February 2025"
    assert format_date(pd.Timestamp("2025-12-31 10:00")) == "31 dicembre 2025"
    assert format_date("2025-08-01", "en") == "1 August 2025"
    assert format_date(pd.NaT) == MISSING and format_date(None) == MISSING


def test_month_name():
    assert [month_name(m, "it", short=True) for m in (1, 6, 12)] == ["gen", "giu", "dic"]
    assert month_name(3, "en") == "March"
    with pytest.raises(ValueError):
        month_name(13)


def test_formatting_works_without_pandas_loaded():
    """The command's own process formats the edition date without importing pandas (report_texts)."""
    import subprocess
    import sys

    probe = ("import datetime, sys\nfrom intl_report.formatting import format_date, format_int\n"
             "print(format_date(datetime.date(2026, 2, 15)), format_int(float('nan')), format_int(1234),"
             " 'pandas' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "15 febbraio 2026 – 1.234 False"
