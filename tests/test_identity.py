"""Activity identity: generated IDs, a sector's duplicates, the same activity reported by several sectors."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from intl_report import identity, stats
from intl_report.cleaning import clean_table
from intl_report.reading import read_workbook

from .conftest import activity

RI, CP, SPORT = "relazioni-internazionali", "cooperazione-pace", "sport"


def clean(path, sector=RI, year=2025):
    return clean_table(read_workbook(path), sector, year)


def frame(*rows, index=None) -> pd.DataFrame:
    """Activities from (sector, title, start, end) tuples."""
    return pd.DataFrame(
        {
            "sector": [r[0] for r in rows],
            "title": [r[1] for r in rows],
            "start_date": pd.to_datetime([r[2] for r in rows], format="ISO8601"),
            "end_date": pd.to_datetime([r[3] for r in rows], format="ISO8601"),
        },
        index=index,
    )


# --------------------------------------------------------------------------- generated activity IDs


def test_a_generated_id_is_the_sector_prefix_the_year_and_a_digest_that_never_changes():
    start = pd.Timestamp("2025-02-03")
    # Pinned: a different recipe would renumber every activity the sectors gave no ID to, in every year.
    title = "Eurocities Social Affairs Forum 2025"
    assert identity.generated_activity_id(RI, 2025, title, start) == "RELINT-2025-F59B9A"
    assert identity.generated_activity_id("pari-opportunita", 2024, "Città delle donne", start) == "PAROPP-2024-F43BC5"


def test_a_generated_id_survives_retyping_the_title_but_not_another_start_or_sector():
    start = pd.Timestamp("2025-02-03")
    same = identity.generated_activity_id(RI, 2025, "Città delle donne", start)
    assert identity.generated_activity_id(RI, 2025, "  CITTA' DELLE   DONNE.", start) == same
    assert identity.generated_activity_id(RI, 2025, "Città delle donne", pd.Timestamp("2025-02-04")) != same
    assert identity.generated_activity_id(CP, 2025, "Città delle donne", start).startswith("COOPAC-2025-")


def test_generated_ids_stay_with_their_activity_when_rows_are_reordered(make_workbook):
    rows = [activity(Titolo="Forum A"), activity(Titolo="Forum B"), activity(Titolo="Forum C", **{"Data fine": None})]
    first = clean(make_workbook(rows, name="a.xlsx")).clean
    moved = clean(make_workbook([rows[2], rows[0], rows[1]], name="b.xlsx")).clean
    ids = dict(zip(first["title"], first["activity_id"], strict=True))
    assert dict(zip(moved["title"], moved["activity_id"], strict=True)) == ids
    assert len(set(ids.values())) == 3
    assert first["id_generated"].all()


def test_an_id_written_by_the_sector_is_kept_as_written(make_workbook):
    result = clean(make_workbook([activity(**{"ID attività": "RI-2025-007"}), activity(Titolo="Senza ID")]))
    assert result.clean["activity_id"].tolist()[0] == "RI-2025-007"
    assert result.clean["id_generated"].tolist() == [False, True]


# --------------------------------------------------------------------------- duplicates within a sector


def test_a_row_repeating_an_earlier_one_of_the_same_sector_points_at_the_first():
    start, end = dt.date(2025, 2, 3), dt.date(2025, 11, 30)
    records = [
        {"source_row": 3, "title": "Città delle donne", "start_date": start, "end_date": end},
        {"source_row": 4, "title": "CITTA' DELLE DONNE", "start_date": start, "end_date": end},  # retyped
        {"source_row": 5, "title": "Città delle donne", "start_date": start, "end_date": None},  # other end date
        {"source_row": 6, "title": "città delle donne.", "start_date": start, "end_date": end},
    ]
    assert identity.repeated_rows(records) == {4: 3, 6: 3}


def test_cleaning_rejects_a_retyped_copy_and_names_the_row_it_copies(make_workbook):
    result = clean(make_workbook([activity(Titolo="Città delle donne"), activity(Titolo="CITTA' DELLE DONNE")]))
    assert result.clean["title"].tolist() == ["Città delle donne"]
    assert result.rejected["source_row"].tolist() == [4]
    assert "duplicata" in result.rejected["reasons"].iat[0] and "riga 3" in result.rejected["reasons"].iat[0]


# --------------------------------------------------------------------------- the same activity in several sectors


def test_the_same_activity_reported_by_two_sectors_is_recognised_as_one():
    activities = frame(
        (RI, "Forum  Comune", "2025-04-10", "2025-04-12"),
        (CP, "forum comune", "2025-04-10", "2025-04-12"),
        (SPORT, "Forum comune", "2025-04-10", "2025-04-13"),  # other end date: another activity
        (SPORT, "Forum comune", "2025-04-10", None),
        index=[10, 11, 12, 13],
    )
    assert identity.reporting_sectors(activities).to_dict() == {
        10: [CP, RI], 11: [CP, RI], 12: [SPORT], 13: [SPORT]}
    assert identity.same_activity_groups(activities) == [[0, 1], [2], [3]]
    distinct = stats.dedupe_joint(activities)
    assert len(distinct) == 3 and distinct["joint"].tolist() == [True, False, False]
    assert distinct["sector"].iat[0] == RI  # the sector first in the registry speaks for the joint activity


def test_a_joint_activity_is_found_whatever_the_order_of_the_rows():
    rows = [(SPORT, "Torneo", "2025-06-01", None), (CP, "Forum", "2025-04-10", "2025-04-12"),
            (RI, "FORUM", "2025-04-10", "2025-04-12")]
    forward, backward = frame(*rows), frame(*reversed(rows))
    reporters = [sorted(map(tuple, identity.reporting_sectors(rows))) for rows in (forward, backward)]
    assert reporters[0] == reporters[1]
    for activities in (forward, backward):
        joint = stats.dedupe_joint(activities).query("joint").iloc[0]
        # RI comes first in the registry: its row speaks for the joint activity, whatever the order
        assert (joint["sector"], joint["title"], joint["sectors"]) == (RI, "FORUM", [CP, RI])


def test_activity_key_from_a_row_or_from_values_compares_calendar_days():
    row = frame((CP, "  progetto   ALFA ", "2025-01-15 10:30", "2025-06-30")).iloc[0]
    assert identity.activity_key(row) == identity.activity_key("Progetto Alfa", "2025-01-15", "2025-06-30")
    assert identity.activity_key("A", "2025-01-01", None)[2] is None


def test_the_one_string_keys_are_equal_exactly_when_the_keys_are():
    activities = frame(
        (RI, "Forum", "2025-04-10", "2025-04-12"), (CP, "FORUM ", "2025-04-10 09:00", "2025-04-12"),
        (RI, "Forum", "2025-04-10", None), (CP, "Fórum", "2025-04-10", "2025-04-12"),
        (SPORT, None, "2025-04-10", None), (SPORT, "", "2025-04-10", None),
    )
    keys = identity.activity_keys(activities).tolist()
    tuples = [identity.activity_key(row) for _, row in activities.iterrows()]
    for i in range(len(keys)):
        for j in range(len(keys)):
            assert (keys[i] == keys[j]) == (tuples[i] == tuples[j]), (i, j)


def test_across_sectors_accents_count_within_a_sector_they_do_not():
    """The two rules as they are (see the identity module): a sector's own copy is found more leniently."""
    start, end = "2025-04-10", "2025-04-12"
    across = frame((RI, "Città aperta", start, end), (CP, "Citta aperta", start, end))
    assert identity.reporting_sectors(across).tolist() == [[RI], [CP]]
    within = [{"source_row": row, "title": title, "start_date": start, "end_date": end}
              for row, title in ((3, "Città aperta"), (4, "Citta aperta"))]
    assert identity.repeated_rows(within) == {4: 3}


def test_no_activities_no_reporting_sectors():
    empty = frame()
    assert identity.reporting_sectors(empty).empty
    assert identity.same_activity_groups(empty) == []
