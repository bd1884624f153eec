"""A small hand-made table of clean activities, shared by the statistics and chart tests."""

from __future__ import annotations

import pandas as pd

RI, CP, AV = "relazioni-internazionali", "cooperazione-pace", "ambiente-verde"
NAN = float("nan")


def activity_row(sector, title, start, end, **values) -> dict:
    row = {
        "activity_id": None,
        "title": title,
        "description": None,
        "type": "altro",
        "status": None,
        "start_date": pd.Timestamp(start),
        "end_date": pd.Timestamp(end) if end else pd.NaT,
        "partner_countries": [],
        "partner_continents": [],
        "partner_cities": [],
        "network": None,
        "funding_source": None,
        "city_role": None,
        "total_budget": NAN,
        "eu_contribution": NAN,
        "city_cofunding": NAN,
        "participants": NAN,
        "sdgs": [],
        "other_sectors": [],
        "results": None,
        "link": None,
        "referent": None,
        "sector": sector,
        "year": 2025,
        "source_file": f"{sector}.xlsx",
        "source_sheet": "Attività",
        "source_row": 0,
    }
    row.update(values)
    return row


def make_activities() -> pd.DataFrame:
    """8 rows, 3 sectors, 7 distinct activities: "Progetto Alfa" is reported by RI and CP; "Corso" has no countries."""
    rows = [
        activity_row(RI, "Eurocities Forum", "2025-03-10", "2025-03-12", type="rete_tematica", status="conclusa",
             city_role="membro", network="Eurocities", partner_countries=["FR", "DE"], partner_continents=["Europe"],
             partner_cities=["Lione", "Colonia"], total_budget=5000.0, city_cofunding=5000.0, participants=10.0),
        activity_row(RI, "Progetto Alfa", "2025-01-15", "2025-06-30", type="progetto_ue_diretto", status="in_corso",
             city_role="partner", network="Horizon Europe", funding_source="ue_diretta",
             partner_countries=["FR", "BR"], partner_continents=["Europe", "America"],
             partner_cities=["Lione", "Salvador"], eu_contribution=100000.0, total_budget=150000.0,
             city_cofunding=20000.0, participants=30.0, sdgs=[11], other_sectors=[CP]),
        activity_row(CP, "  progetto   ALFA ", "2025-01-15", "2025-06-30", type="progetto_ue_diretto", status="in_corso",
             city_role="partner", network="horizon europe", partner_countries=["FR", "SN"],
             partner_continents=["Europe", "Africa"], partner_cities=["lione"], eu_contribution=100000.0,
             sdgs=[4, 11], other_sectors=[AV, RI]),
        activity_row(RI, "Delegazione da Nagoya", "2025-05-20", "2025-05-20", type="delegazione_ricevuta",
             status="conclusa", city_role="organizzatore", partner_countries=["JP"], partner_continents=["Asia"],
             participants=15.0),
        activity_row(CP, "Cooperazione con Dakar", "2024-09-01", None, type="cooperazione_decentrata", status="in_corso",
             city_role="capofila", network="AICS", funding_source="nazionale", partner_countries=["SN"],
             partner_continents=["Africa"], total_budget=80000.0, city_cofunding=30000.0, other_sectors=[RI]),
        activity_row(CP, "Corso di formazione", "2025-11-05", "2025-11-06", type="formazione", participants=25.0),
        activity_row(AV, "Green City Award", "2025-02-01", "2025-12-31", type="premio", status="candidata",
             city_role="partecipante", network="eurocities", partner_countries=["US"], partner_continents=["America"],
             other_sectors=[RI]),
        activity_row(AV, "LIFE Clean Air", "2023-01-01", "2026-12-31", type="progetto_ue_diretto", status="in_corso",
             city_role="capofila", network="LIFE", funding_source="ue_diretta", partner_countries=["DE", "IT"],
             partner_continents=["Europe"], partner_cities=["Colonia", "Milano"], eu_contribution=250000.0,
             total_budget=400000.0, city_cofunding=50000.0),
    ]  # fmt: skip
    return pd.DataFrame(rows)
