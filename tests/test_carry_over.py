"""Last year's activities still under way start the new year's workbook, with their IDs, and validate."""

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from intl_report.carry_over import carried_over_rows, sector_rows
from intl_report.cleaning import CLEAN_COLUMNS, clean_table
from intl_report.paths import RAW_DIR
from intl_report.reading import read_workbook
from intl_report.registry import load_registry
from intl_report.schema import COLUMNS, LIST_COLUMNS
from intl_report.template import ACTIVITY_SHEET, HEADER_ROW, INSTRUCTIONS_SHEET, write_all_templates, write_template
from intl_report.validate import validate_file

FIRST_ROW = HEADER_ROW + 1


def processed_year(processed_dir, year, activities: pd.DataFrame):
    """Write *activities* where the cross-sector step writes a year's table."""
    folder = processed_dir / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    activities.to_parquet(folder / "activities.parquet", index=False)
    return processed_dir


def row(activity_id, status, end, sector="sport", **values):
    """One processed activity with every column of the clean table."""
    record = {name: None for name in CLEAN_COLUMNS}
    record.update({name: [] for name in LIST_COLUMNS})
    record.update(activity_id=activity_id, title=f"Attività {activity_id}", type="evento_internazionale",
                  status=status, start_date=pd.Timestamp(2025, 3, 1), end_date=pd.Timestamp(end) if end else pd.NaT,
                  sector=sector, year=2025, source_file=f"{sector}.xlsx", source_sheet="Attività", source_row=4,
                  id_generated=False)
    record.update(values)
    return record


def frame(records) -> pd.DataFrame:
    table = pd.DataFrame(records, columns=list(CLEAN_COLUMNS))
    for name in ("start_date", "end_date"):
        table[name] = pd.to_datetime(table[name]).astype("datetime64[ns]")
    for name in ("total_budget", "eu_contribution", "city_cofunding", "participants"):
        table[name] = pd.to_numeric(table[name]).astype(float)
    return table


def sheet_rows(path) -> list[dict]:
    sheet = openpyxl.load_workbook(path)[ACTIVITY_SHEET]
    found = []
    for cells in sheet.iter_rows(min_row=FIRST_ROW, max_col=len(COLUMNS), values_only=True):
        if all(value is None for value in cells):
            break
        found.append(dict(zip((c.name for c in COLUMNS), cells, strict=True)))
    return found


def test_only_the_sectors_activities_still_under_way_are_carried_over():
    activities = frame([
        row("SPO-1", "in_corso", "2027-06-30"),
        row("SPO-2", "approvata", None),
        row("SPO-3", "conclusa", "2025-10-31"),
        row("SPO-4", "candidata", "2026-03-31"),  # ends in the new year
        row("SPO-5", "annullata", "2027-01-31"),  # cancelled: over, whatever its end date said
        row("SPO-6", "conclusa", None),
        row("GIO-1", "in_corso", "2027-06-30", sector="gioventu"),
    ])
    assert [cells["activity_id"] for cells in sector_rows(activities, "sport", 2025)] == ["SPO-1", "SPO-2", "SPO-4"]


def test_carried_over_cells_are_written_as_a_referent_would_type_them(tmp_path):
    activities = frame([row(
        "SPO-2025-007", "in_corso", "2027-06-30", partner_countries=["DE", "FR"], partner_cities=["Lione", "Colonia"],
        sdgs=[3, 11], other_sectors=["gioventu", "comunicazione-promozione"], funding_source="ue_diretta",
        city_role="capofila", total_budget=250000.0, participants=120.0, results="Risultati del 2025",
        network="Erasmus+", referent="Francesca Bertolotti",
    )])
    [cells] = carried_over_rows("sport", 2025, processed_year(tmp_path, 2025, activities))
    assert cells["type"] == "evento internazionale" and cells["status"] == "in corso"
    assert cells["funding_source"] == "UE diretta" and cells["city_role"] == "capofila"
    assert cells["partner_countries"] == "Germania; Francia" and cells["partner_cities"] == "Lione; Colonia"
    assert cells["other_sectors"] == "Settore Gioventù; Servizio Centrale Comunicazione, Olimpiadi, Promozione"
    assert cells["sdgs"] == "3; 11" and cells["total_budget"] == 250000.0 and cells["participants"] == 120
    assert cells["start_date"] == dt.date(2025, 3, 1) and cells["end_date"] == dt.date(2027, 6, 30)
    assert cells["results"] is None  # the year's own: last year's would be published again
    assert cells["eu_contribution"] is None and cells["link"] is None


def test_a_template_carrying_over_a_real_sectors_year_validates_and_keeps_the_ids(tmp_path):
    # the bundled 2025 Sport workbook, cleaned as the yearly run cleans it
    previous = clean_table(read_workbook(RAW_DIR / "2025" / "sport.xlsx"), "sport", 2025).clean
    processed = processed_year(tmp_path / "processed", 2025, previous)
    under_way = previous[previous["status"].isin(["in_corso", "approvata"])
                         | (previous["end_date"] >= pd.Timestamp(2026, 1, 1))]
    assert len(under_way) >= 3  # the test means something only if some activities are carried over

    path = write_template("sport", 2026, tmp_path / "sport.xlsx", previous_year=2025, processed_dir=processed)
    report = validate_file(path, 2026)
    assert [p.sentence() for p in report.problems if p.severity == "error"] == []
    assert report.rows_read == report.rows_kept == len(under_way)
    again = clean_table(read_workbook(path), "sport", 2026).clean
    assert sorted(again["activity_id"]) == sorted(under_way["activity_id"])
    assert not again["id_generated"].any()
    before, after = under_way.set_index("activity_id"), again.set_index("activity_id").loc[under_way["activity_id"]]
    for name in ("title", "type", "status", "start_date", "end_date", "partner_countries", "network", "sdgs"):
        assert after[name].tolist() == before[name].tolist(), name


def test_the_instructions_say_which_rows_were_carried_over(tmp_path):
    activities = frame([row("SPO-1", "in_corso", "2027-06-30"), row("SPO-2", "in_corso", "2026-06-30")])
    path = write_template("sport", 2026, tmp_path / "sport.xlsx", previous_year=2025,
                          processed_dir=processed_year(tmp_path, 2025, activities))
    instructions = [c.value for line in openpyxl.load_workbook(path)[INSTRUCTIONS_SHEET].iter_rows() for c in line]
    assert any(isinstance(text, str) and text.startswith("Le righe da 4 a 5 riportano le 2 attività del 2025")
               for text in instructions)
    assert [cells["activity_id"] for cells in sheet_rows(path)] == ["SPO-1", "SPO-2"]


def test_every_sectors_template_carries_its_own_activities(tmp_path):
    activities = frame([row("SPO-1", "in_corso", "2027-06-30"),
                        row("GIO-1", "in_corso", "2027-06-30", sector="gioventu")])
    paths = write_all_templates(2026, tmp_path / "out", previous_year=2025,
                                processed_dir=processed_year(tmp_path, 2025, activities))
    assert [path.stem for path in paths] == list(load_registry().slugs)
    carried = {path.stem: [cells["activity_id"] for cells in sheet_rows(path)] for path in paths
               if path.stem in ("sport", "gioventu", "tempi-orari")}
    assert carried["sport"] == ["SPO-1"] and carried["gioventu"] == ["GIO-1"] and carried["tempi-orari"] == []


def test_a_year_not_processed_yet_says_what_to_run(tmp_path):
    with pytest.raises(ValueError, match="«intl-report run --year 2025»"):
        write_template("sport", 2026, tmp_path / "sport.xlsx", previous_year=2025, processed_dir=tmp_path)
    with pytest.raises(ValueError, match="«intl-report run --year 2025»"):
        write_all_templates(2026, tmp_path / "out", previous_year=2025, processed_dir=tmp_path)
    assert not (tmp_path / "sport.xlsx").exists() and not (tmp_path / "out").exists()


def test_the_previous_year_must_come_before_the_templates_year(tmp_path):
    with pytest.raises(ValueError, match="precedente"):
        write_template("sport", 2026, tmp_path / "sport.xlsx", previous_year=2026, processed_dir=tmp_path)
