"""Cross-sector statistics on a small hand-made activity table."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from intl_report import stats
from intl_report.registry import load_registry

from .activities import AV, CP, NAN, RI, make_activities


# --------------------------------------------------------------------------- dedupe


def test_dedupe_counts_the_joint_activity_once():
    distinct = stats.dedupe_joint(make_activities())
    assert len(distinct) == 7
    assert distinct["joint"].sum() == 1
    alfa = distinct[distinct["joint"]].iloc[0]
    assert alfa["title"] == "Progetto Alfa"  # from the first sector in registry order
    assert alfa["sector"] == RI
    assert alfa["sectors"] == sorted([RI, CP])
    assert alfa["partner_countries"] == ["FR", "BR", "SN"]
    assert alfa["partner_cities"] == ["Lione", "Salvador"]  # "lione" is the same city
    assert alfa["sdgs"] == [4, 11]
    assert alfa["other_sectors"] == [AV]  # the reporting sectors themselves are left out
    assert alfa["eu_contribution"] == 100000.0 and alfa["total_budget"] == 150000.0
    single = distinct[~distinct["joint"]]
    assert all(s == [sector] for s, sector in zip(single["sectors"], single["sector"], strict=True))


def test_dedupe_fills_gaps_from_the_other_sector_and_keeps_order():
    df = make_activities()
    df.loc[1, "network"] = None
    distinct = stats.dedupe_joint(df)
    assert distinct.loc[distinct["joint"], "network"].iloc[0] == "horizon europe"
    assert list(distinct["title"])[:3] == ["Eurocities Forum", "Progetto Alfa", "Delegazione da Nagoya"]


def test_dedupe_needs_same_dates():
    df = make_activities()
    df.loc[2, "end_date"] = pd.Timestamp("2025-07-31")
    assert len(stats.dedupe_joint(df)) == 8


def test_dedupe_accepts_parquet_arrays(tmp_path):
    path = tmp_path / "a.parquet"
    make_activities().to_parquet(path, index=False)
    back = pd.read_parquet(path)
    assert isinstance(back["partner_countries"].iloc[0], np.ndarray)
    assert stats.key_figures(back) == stats.key_figures(make_activities())


# --------------------------------------------------------------------------- key figures


def test_key_figures_exact():
    figures = stats.key_figures(make_activities())
    assert list(figures) == list(stats.KEY_FIGURES)
    assert figures == {
        "activities": 7,
        "sectors_involved": 3,
        "partner_countries": 7,  # FR DE BR SN JP US IT
        "partner_cities": 4,  # Lione/lione, Colonia, Salvador, Milano
        "networks": 4,  # Eurocities/eurocities, Horizon Europe, AICS, LIFE
        "eu_contribution": 350000.0,
        "city_cofunding": 105000.0,
        "total_budget": 635000.0,
        "participants": 80,
        "joint_activities": 1,
    }
    assert all(type(figures[k]) is int for k in figures if k not in stats.MONEY_FIGURES)
    assert all(type(figures[k]) is float for k in stats.MONEY_FIGURES)


def test_key_figures_of_an_empty_table():
    figures = stats.key_figures(make_activities().iloc[0:0])
    assert figures["activities"] == 0 and figures["eu_contribution"] == 0.0


def test_compare_key_figures():
    current = stats.key_figures(make_activities())
    previous = dict(current, activities=5, eu_contribution=0.0)
    table = stats.compare_key_figures(current, previous)
    assert list(table.columns) == ["figure", "current", "previous", "change", "change_pct"]
    row = table.set_index("figure").loc["activities"]
    assert (row["current"], row["previous"], row["change"], row["change_pct"]) == (7, 5, 2, 40.0)
    assert math.isnan(table.set_index("figure").loc["eu_contribution", "change_pct"])  # previous 0
    alone = stats.compare_key_figures(current, None)
    assert alone["previous"].isna().all() and alone["change_pct"].isna().all()


# --------------------------------------------------------------------------- breakdowns


def test_by_sector_all_registry_sectors_in_order():
    table = stats.by_sector(make_activities())
    assert list(table["sector"]) == list(load_registry().slugs)
    rows = table.set_index("sector")
    assert rows.loc[RI].tolist() == [3, 100000.0, 155000.0, 25000.0, 4]
    assert rows.loc[CP].tolist() == [3, 100000.0, 80000.0, 30000.0, 2]
    assert rows.loc[AV].tolist() == [2, 250000.0, 400000.0, 50000.0, 3]
    assert (rows.drop([RI, CP, AV])["activities"] == 0).all()
    assert table["activities"].dtype.kind == "i" and table["eu_contribution"].dtype.kind == "f"


def test_by_code_in_code_list_order_with_missing_last():
    status = stats.by_code(make_activities(), "status")
    assert status["code"].tolist() == ["candidata", "in_corso", "conclusa", None]
    assert status["count"].tolist() == [1, 3, 2, 1]
    kinds = stats.by_code(make_activities(), "type")
    assert kinds["code"].tolist() == [
        "rete_tematica", "progetto_ue_diretto", "cooperazione_decentrata", "delegazione_ricevuta", "premio",
        "formazione",
    ]  # fmt: skip
    assert kinds["count"].tolist() == [1, 2, 1, 1, 1, 1]
    with pytest.raises(ValueError):
        stats.by_code(make_activities(), "title")


def test_by_country_and_continent():
    countries = stats.by_country(make_activities())
    assert countries["alpha2"].tolist() == ["DE", "FR", "SN", "BR", "IT", "JP", "US"]
    assert countries["activities"].tolist() == [2, 2, 2, 1, 1, 1, 1]
    assert countries.set_index("alpha2").loc["SN", "continent"] == "Africa"
    continents = stats.by_continent(make_activities())
    assert continents["continent"].tolist() == ["Europe", "Africa", "America", "Asia"]
    assert continents["activities"].tolist() == [3, 2, 2, 1]
    assert continents["countries"].tolist() == [3, 1, 2, 1]


def test_by_network_and_cities():
    networks = stats.by_network(make_activities())
    assert networks["network"].tolist() == ["Eurocities", "LIFE", "Horizon Europe", "AICS"]
    assert networks["activities"].tolist() == [2, 1, 1, 1]
    assert networks["eu_contribution"].tolist() == [0.0, 250000.0, 100000.0, 0.0]
    assert len(stats.by_network(make_activities(), top=2)) == 2
    cities = stats.top_partner_cities(make_activities())
    assert cities.values.tolist() == [["Colonia", 2], ["Lione", 2], ["Milano", 1], ["Salvador", 1]]


def test_collaboration_matrix_symmetric():
    matrix = stats.collaboration_matrix(make_activities())
    assert list(matrix.index) == [RI, CP, AV] == list(matrix.columns)  # registry order
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert (np.diag(matrix.to_numpy()) == 0).all()
    # RI–CP: Alfa (both reported) and Dakar (CP lists RI); RI–AV: Alfa (AV listed) and Green City; CP–AV: Alfa.
    assert matrix.loc[RI, CP] == 2 and matrix.loc[RI, AV] == 2 and matrix.loc[CP, AV] == 1


def test_timeline_counts_multi_month_activities():
    table = stats.timeline(make_activities(), 2025)
    assert table["month"].tolist() == list(range(1, 13))
    assert table["active"].tolist() == [3, 4, 5, 4, 5, 4, 3, 3, 3, 3, 4, 3]
    assert table["starting"].tolist() == [1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0]


def test_trend_over_years():
    this = make_activities()
    table = stats.trend({2025: this, 2024: this.iloc[:3]})
    assert table["year"].tolist() == [2024, 2025]
    assert table["activities"].tolist() == [2, 7]
    assert table["partner_countries"].tolist() == [4, 7]
    assert table["eu_contribution"].tolist() == [100000.0, 350000.0]


def test_empty_table_everywhere():
    empty = make_activities().iloc[0:0]
    assert len(stats.by_sector(empty)) == len(load_registry().slugs)
    assert stats.by_code(empty, "type").empty
    assert stats.by_country(empty).empty and stats.by_continent(empty).empty
    assert stats.by_network(empty).empty and stats.top_partner_cities(empty).empty
    assert stats.collaboration_matrix(empty).empty
    assert stats.timeline(empty, 2025)["active"].sum() == 0


def test_activities_without_an_end_date_are_not_merged_with_each_other():
    import pandas as pd

    frame = pd.DataFrame({
        "title": ["Prima", "Seconda"], "start_date": pd.to_datetime(["2025-01-01", "2025-01-01"]),
        "end_date": pd.to_datetime([None, None]), "sector": ["sport", "sport"],
    })
    assert len(stats.dedupe_joint(frame)) == 2
