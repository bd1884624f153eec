"""The run's steps, declared once: what each step says it writes is what the pipeline writes, and a step's
fingerprint follows its inputs."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from intl_report import i18n, pipeline, steps
from intl_report.layout import YearLayout

from .conftest import activity, write_workbook


def files(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()} if folder.exists() else set()


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict:
    """The files each step wrote: the sport sector's cleaning (one row kept, one rejected), the cleaning of a
    sector that sent no file, then the cross-sector step."""
    root = tmp_path_factory.mktemp("steps")
    raw, processed = root / "raw", root / "processed"
    write_workbook(raw / "2025" / "sport.xlsx", [activity(), activity(Titolo="B", Tipologia="workshop")])
    layout = YearLayout.of(2025, raw, processed)
    found = {}
    for sector in ("sport", "gioventu"):
        before = files(processed)
        pipeline.clean_sector(sector, 2025, raw, processed)
        found[sector] = files(processed) - before
    before = files(processed)
    pipeline.cross_sector(2025, processed)
    found["cross"] = files(processed) - before
    found["layout"] = layout
    return found


@pytest.mark.parametrize("sector", ["sport", "gioventu"], ids=["with-a-workbook", "without-a-workbook"])
def test_a_sectors_declared_outputs_are_exactly_the_files_its_cleaning_writes(written, sector):
    outputs = steps.sector_outputs(written["layout"], sector)
    assert set(outputs.all()) == written[sector]
    assert outputs.clean.suffix == ".parquet" and outputs.rejected.suffix == ".csv"
    assert json.loads(outputs.summary.read_text("utf-8"))["sector"] == sector


def test_the_cross_sector_steps_declared_outputs_are_what_it_writes_besides_tables_and_drawings(written):
    layout = written["layout"]
    outputs = steps.cross_outputs(layout)
    declared = set(outputs.all())
    assert declared <= written["cross"]
    undeclared = written["cross"] - declared
    # the rest: the statistics tables and, in each edition's folder, the charts its index lists
    assert all(path.parent == layout.stats_dir and path.suffix == ".csv"
               or path.parent.parent == layout.charts_dir and path.parent.name in steps.LANGUAGES
               for path in undeclared), sorted(undeclared)


def test_the_cross_sector_step_declares_the_chart_index_of_every_edition(written):
    outputs = steps.cross_outputs(written["layout"])
    assert tuple(outputs.chart_indexes) == steps.LANGUAGES == i18n.languages()
    for lang, index in outputs.chart_indexes.items():
        charts = json.loads(index.read_text("utf-8"))
        assert charts and all((index.parent / chart["file"]).is_file() for chart in charts), lang


def test_each_step_carries_its_declared_outputs_and_the_report_reads_what_cross_sector_wrote(written):
    layout = written["layout"]
    raw, processed = layout.raw.parent, layout.processed.parent
    cleaning = [steps.clean_step(layout, "sport", layout.raw / "sport.xlsx", raw, processed),
                steps.clean_step(layout, "gioventu", None, raw, processed)]
    assert cleaning[0].outputs == steps.sector_outputs(layout, "sport").all()
    assert cleaning[1].outputs == steps.sector_outputs(layout, "gioventu").all() and cleaning[1].inputs == []
    cross = steps.cross_step(layout, cleaning, [], processed)
    assert cross.outputs == steps.cross_outputs(layout).all()
    assert not [path for path in cross.inputs if path.suffix == ".csv"]  # the rejected rows are the referents'
    report = steps.report_step(layout, "en", cross, processed)
    assert set(cross.outputs) <= set(report.inputs) and report.parameters["lang"] == "en"


# --------------------------------------------------------------------------- fingerprints


@pytest.fixture
def cleaned(tmp_path) -> YearLayout:
    raw, processed = tmp_path / "raw", tmp_path / "processed"
    write_workbook(raw / "2025" / "sport.xlsx", [activity(), activity(Titolo="B", Tipologia="workshop")])
    write_workbook(raw / "2025" / "gioventu.xlsx", [activity(Titolo="Scambio giovani")])
    for sector in ("sport", "gioventu"):
        pipeline.clean_sector(sector, 2025, raw, processed)
    return YearLayout.of(2025, raw, processed)


def clean_print(layout: YearLayout, sector: str = "sport") -> str:
    return steps.clean_step(layout, sector, layout.raw / f"{sector}.xlsx", layout.raw.parent,
                            layout.processed.parent).fingerprint


def cross_print(layout: YearLayout) -> str:
    cleaning = [steps.clean_step(layout, sector, layout.raw / f"{sector}.xlsx", layout.raw.parent,
                                 layout.processed.parent) for sector in ("sport", "gioventu")]
    return steps.cross_step(layout, cleaning, [], layout.processed.parent).fingerprint


def test_a_cleaning_fingerprint_changes_when_its_workbook_changes_and_not_otherwise(cleaned):
    first = clean_print(cleaned)
    assert clean_print(cleaned) == first
    workbook = cleaned.raw / "sport.xlsx"
    os.utime(workbook, (1_700_000_000, 1_700_000_000))  # touched, same bytes
    write_workbook(cleaned.raw / "gioventu.xlsx", [activity(Titolo="Scambio giovani rivisto")])  # another sector's
    assert clean_print(cleaned) == first
    write_workbook(workbook, [activity(Titolo="Attività corretta")])
    assert clean_print(cleaned) != first


def test_the_cross_sector_fingerprint_follows_the_clean_tables_and_summaries_not_the_rejected_rows(cleaned):
    first = cross_print(cleaned)
    assert cross_print(cleaned) == first
    rejected = cleaned.rejected_table("sport")
    rejected.write_text(rejected.read_text("utf-8") + "\n", "utf-8")  # the referent's list: not read by the step
    assert cross_print(cleaned) == first
    summary = cleaned.summary("gioventu")
    written = json.loads(summary.read_text("utf-8"))
    summary.write_text(json.dumps({**written, "rows_read": written["rows_read"] + 1}), "utf-8")
    assert cross_print(cleaned) != first


def test_a_deleted_chart_makes_the_cross_sector_step_run_again(tmp_path):
    """The chart index names its SVGs: with one gone, the step is not done, whatever its fingerprint says."""
    from intl_report.runstate import StepState
    from intl_report.steps import cross_outputs, listed_files

    write_workbook(tmp_path / "raw" / "2025" / "sport.xlsx", [activity()])
    pipeline.clean_sector("sport", 2025, tmp_path / "raw", tmp_path / "processed")
    pipeline.cross_sector(2025, tmp_path / "processed")
    outputs = cross_outputs(YearLayout.of(2025, None, tmp_path / "processed"))
    charts = listed_files(outputs.all())
    assert charts and all(path.suffix == ".svg" and path.is_file() for path in charts)
    assert {path.parent.name for path in charts} == set(outputs.chart_indexes)  # every edition's
    assert all(path.is_file() for path in outputs.statistics.values())
    state = StepState(tmp_path / "processed" / "2025")
    state.record("cross-sector", "fingerprint")
    assert state.is_current("cross-sector", "fingerprint", outputs.all() + listed_files(outputs.all()))
    charts[0].unlink()
    assert not state.is_current("cross-sector", "fingerprint", outputs.all() + listed_files(outputs.all()))
