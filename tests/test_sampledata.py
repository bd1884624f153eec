"""The sample-data generator (tools/sampledata): deterministic, realistic, and messy in the documented ways."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import re
from collections import Counter

import pycountry
import pytest
import sampledata
from openpyxl import load_workbook
from sampledata.places import city_country, country_label, italian_variants
from sampledata.vocabulary import load, profiles

from intl_report import schema
from intl_report.countries import normalise_country
from intl_report.formatting import MONTHS_IT
from intl_report.registry import load_registry

YEAR = 2025


@pytest.fixture(scope="module")
def acts2025():
    return sampledata.generate_activities(YEAR)


@pytest.fixture(scope="module")
def acts2024():
    return sampledata.generate_activities(YEAR - 1)


@pytest.fixture(scope="module")
def year_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("raw") / str(YEAR)
    sampledata.write_year(YEAR, out, with_errors=True)
    return out


def _all(acts):
    return [a for lst in acts.values() for a in lst]


def _header_row(ws):
    for row in ws.iter_rows(min_row=1, max_row=10):
        values = [c.value for c in row]
        if "Titolo" in values:
            return row[0].row, values
    raise AssertionError("no header row")


def _as_date(value):
    """Read a date the way the sheets write them: Excel date, 03/02/2025 or 3 febbraio 2025."""
    if isinstance(value, dt.datetime):
        return value.date()
    if not isinstance(value, str):
        return None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip()):
        day, month, year = map(int, m.groups())
    elif m := re.fullmatch(r"(\d{1,2}) (\w+) (\d{4})", value.strip()):
        day, month, year = int(m[1]), MONTHS_IT.index(m[2]) + 1, int(m[3])
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _data_rows(ws):
    header_row, headers = _header_row(ws)
    rows = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        rows.append(dict(zip(headers, row, strict=False)))
    return rows


def test_generation_is_deterministic(acts2025):
    again = sampledata.generate_activities(YEAR)
    assert again == acts2025
    other = sampledata.generate_activities(YEAR, seed=7)
    assert other != acts2025


def test_counts(acts2025, acts2024):
    assert list(acts2025) == list(load_registry().slugs)
    total = sum(len(v) for v in acts2025.values())
    assert 350 <= total <= 450
    for slug, lst in acts2025.items():
        assert 5 <= len(lst) <= 60, slug
    previous = sum(len(v) for v in acts2024.values())
    assert 0.85 * total <= previous < total
    assert acts2025["relazioni-internazionali"] and len(acts2025["relazioni-internazionali"]) > len(
        acts2025["tempi-orari"]
    )


@pytest.mark.parametrize("year", [YEAR - 1, YEAR])
def test_values_are_valid(year, acts2025, acts2024):
    acts = acts2025 if year == YEAR else acts2024
    slugs = set(load_registry().slugs)
    names = [c.name for c in schema.COLUMNS]
    for slug, lst in acts.items():
        titles = Counter(a["title"] for a in lst)
        assert max(titles.values()) == 1, (slug, titles.most_common(1))
        ids = Counter(a["activity_id"] for a in lst)
        assert max(ids.values()) == 1, slug
        prefix = profiles()[slug].prefix
        for a in lst:
            assert list(a) == names
            assert re.fullmatch(rf"{prefix}-(\d{{4}})-\d{{3}}", a["activity_id"])
            assert a["title"].strip() and a["type"] and isinstance(a["start_date"], dt.date)
            assert a["end_date"] is None or a["end_date"] >= a["start_date"]
            # the activity touches the year
            assert a["start_date"].year <= year
            assert a["end_date"] is None or a["end_date"].year >= year
            for col in schema.COLUMNS:
                if col.kind == "code" and a[col.name] is not None:
                    assert a[col.name] in col.codes.values, (col.name, a[col.name])
            assert len(a["partner_countries"]) <= 6
            for code in a["partner_countries"]:
                assert code == "XK" or pycountry.countries.get(alpha_2=code) is not None, code
            assert 1 <= len(a["sdgs"]) <= 3 and all(1 <= g <= 17 for g in a["sdgs"])
            assert all(s in slugs and s != slug for s in a["other_sectors"])
            for key in ("total_budget", "eu_contribution", "city_cofunding"):
                assert a[key] is None or (isinstance(a[key], float) and a[key] >= 0)
            if a["eu_contribution"] is not None and a["total_budget"] is not None:
                assert a["eu_contribution"] <= a["total_budget"]
            assert a["participants"] is None or isinstance(a["participants"], int)
            assert a["link"] is None or a["link"].startswith("https://")
            if a["type"] == "progetto_ue_diretto":
                assert a["funding_source"] == "ue_diretta"
            if a["type"] == "rete_tematica" and not a["other_sectors"]:
                assert a["city_role"] in ("membro", "membro_direttivo")


def test_partner_cities_match_countries(acts2025):
    for a in _all(acts2025):
        for city in a["partner_cities"]:
            code = city_country().get(city)
            if code:
                assert code in a["partner_countries"], (a["title"], city)


def test_multi_year_ids_are_stable(acts2024, acts2025):
    old = {a["activity_id"]: a for a in _all(acts2024)}
    new = {a["activity_id"]: a for a in _all(acts2025)}
    shared = set(old) & set(new)
    multi = [a for a in new.values() if a["start_date"].year < YEAR or (a["end_date"] and a["end_date"].year > YEAR)]
    assert 0.3 * len(multi) <= len(shared) <= 0.7 * len(multi)
    for key in shared:
        assert key.split("-")[1] == str(YEAR - 1)
        assert old[key]["title"] == new[key]["title"]
        assert old[key]["start_date"] == new[key]["start_date"]
        assert old[key]["end_date"] == new[key]["end_date"]


def test_joint_activities(acts2025):
    by_title: dict[str, list[str]] = {}
    for slug, lst in acts2025.items():
        for a in lst:
            by_title.setdefault(a["title"], []).append(slug)
    joint = {t: s for t, s in by_title.items() if len(s) > 1}
    assert len(joint) == 6
    for title, sectors in joint.items():
        a, b = sectors
        act_a = next(x for x in acts2025[a] if x["title"] == title)
        act_b = next(x for x in acts2025[b] if x["title"] == title)
        assert act_a["other_sectors"] == [b] and act_b["other_sectors"] == [a]
        assert (act_a["start_date"], act_a["end_date"]) == (act_b["start_date"], act_b["end_date"])


def test_odd_titles(acts2025):
    titles = [a["title"] for a in _all(acts2025)]
    assert any(all(ch in t for ch in "#$*_@<[") for t in titles)
    assert any("Köln" in t and "ç" in t for t in titles)
    assert any("🇯🇵" in t for t in titles)
    assert any(re.search("[\u0590-\u06ff]", t) for t in titles)
    assert any(len(t) >= 180 for t in titles)


def test_workbook_is_reproducible_and_has_headers(tmp_path, acts2025):
    slug = "ambiente-verde"
    p1 = sampledata.write_sector_workbook(tmp_path / "a" / f"{slug}.xlsx", slug, YEAR, acts2025[slug], seed=1)
    p2 = sampledata.write_sector_workbook(tmp_path / "b" / f"{slug}.xlsx", slug, YEAR, acts2025[slug], seed=1)
    assert hashlib.sha256(p1.read_bytes()).digest() == hashlib.sha256(p2.read_bytes()).digest()
    ws = load_workbook(p1).worksheets[0]
    header_row, headers = _header_row(ws)
    assert header_row >= 2
    assert set(c.header for c in schema.COLUMNS) <= set(headers)
    assert "Attività internazionali" in str(ws.cell(1, 1).value)
    assert all(ws.cell(r, c).value is None for r in range(2, header_row) for c in range(2, 5))


def test_clean_workbook(tmp_path, acts2025):
    slug = "sport"
    path = sampledata.write_sector_workbook(tmp_path / f"{slug}.xlsx", slug, YEAR, acts2025[slug], messy=False)
    ws = load_workbook(path).worksheets[0]
    assert [c.value for c in ws[1]] == [c.header for c in schema.COLUMNS]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(acts2025[slug])
    assert {r[1] for r in rows} == {a["title"] for a in acts2025[slug]}


def test_write_year_deliberate_errors(year_dir, acts2025):
    paths = sorted(year_dir.glob("*.xlsx"))
    assert len(paths) == 16
    plan = sampledata.error_plan(sampledata.DEFAULT_SEED, YEAR)
    assert sorted(k for kinds in plan.values() for k in kinds) == sorted(sampledata.ERROR_KINDS)
    assert not set(plan) & set(sampledata.IMPORTANT_SECTORS)
    found = Counter()
    duplicates = 0
    for path in paths:
        rows = [r for r in _data_rows(load_workbook(path).worksheets[0]) if any(v is not None for v in r.values())]
        expected = len(acts2025[path.stem]) + (1 if "duplicate_row" in plan.get(path.stem, ()) else 0)
        assert len(rows) == expected, path.stem
        for r in rows:
            found["workshop"] += r["Tipologia"] == "workshop"
            found["Germnia"] += "Germnia" in str(r["Paesi partner"])
            found["da definire"] += r["Budget totale (€)"] == "da definire"
            found["no title"] += r["Titolo"] is None
            found["bad date"] += r["Data inizio"] == f"31/02/{YEAR}"
            found["no start"] += r["Data inizio"] is None
            start, end = _as_date(r["Data inizio"]), _as_date(r["Data fine"])
            found["end before start"] += bool(start and end and end < start)
        keys = Counter(tuple(r.values()) for r in rows)
        duplicates += sum(n - 1 for n in keys.values())
    assert found == Counter(
        {k: 1 for k in ("workshop", "Germnia", "da definire", "no title", "bad date", "no start", "end before start")}
    )
    assert duplicates == 1


def test_main_writes_to_out(tmp_path, capsys):
    sampledata.main(["--year", "2024", "--out", str(tmp_path), "--seed", "3", "--clean"])
    assert len(list(tmp_path.glob("*.xlsx"))) == 16
    assert "16" in capsys.readouterr().out


def test_is_not_part_of_the_package():
    """The generator is a repository tool: the installed package must not carry it."""
    assert importlib.util.find_spec("intl_report.sampledata") is None


def test_vocabulary_agrees_with_the_package():
    """The data files use the package's codes and spellings, so that the cleaning step understands them."""
    assert set(profiles()) == set(load_registry().slugs)
    types = set(schema.ACTIVITY_TYPES.values)
    for slug, profile in profiles().items():
        assert set(profile.types) <= types, slug
        assert all(h["type"] in types for h in profile.highlights), slug
        assert set(profile.sdgs) <= set(range(1, 18)), slug
    assert set(load("networks.yaml")["by_type"]) <= types
    assert set(load("titles.yaml")["single_year"]) == types == set(load("titles.yaml")["introductions"])
    cities = city_country()
    pools = load("city_pools.yaml")
    assert all(city in cities for pool in pools.values() for city in pool)
    for code in set(cities.values()) | set(load("countries.yaml")["partners_without_cities"]):
        assert normalise_country(country_label(code)) == code
        assert normalise_country(country_label(code, "en")) == code
        assert all(normalise_country(variant) == code for variant in italian_variants(code))
