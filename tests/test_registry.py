import pytest

from intl_report.registry import SECTOR_KINDS, _parse, load_registry


def test_registry_lists_every_participant_of_the_seed_with_a_kind_and_themes():
    registry = load_registry()
    assert len(registry.sectors) == 16
    assert registry.established == 2004
    for sector in registry.sectors:
        assert sector.kind in SECTOR_KINDS
        assert sector.name.startswith(sector.kind)
        assert sector.themes


def test_sector_is_found_by_slug_official_name_or_short_name():
    registry = load_registry()
    assert registry.find("ambiente-verde").slug == "ambiente-verde"
    assert registry.find("Divisione Ambiente e Verde").slug == "ambiente-verde"
    assert registry.find("settore gioventu").slug == "gioventu"
    assert registry.find("Sport").slug == "sport"
    assert registry.find("Ufficio inesistente") is None


def test_an_unknown_slug_is_refused_naming_the_known_ones():
    with pytest.raises(KeyError, match="Settore sconosciuto: 'ufficio'. Settori noti: relazioni-internazionali, "):
        load_registry().get("ufficio")


def _sector(slug: str, kind: str = "Settore") -> dict:
    return {"slug": slug, "name": f"{kind} {slug}", "kind": kind}


def test_a_registry_with_a_repeated_slug_or_an_unknown_kind_is_refused_in_words():
    with pytest.raises(ValueError, match="^Nel registro dei settori compare più volte la sigla sport$"):
        _parse({"sectors": [_sector("sport"), _sector("cultura"), _sector("sport")]})
    with pytest.raises(ValueError, match="^Settore sport: tipo 'Ufficio' non previsto; tipi ammessi: Settore, "):
        _parse({"sectors": [_sector("sport", kind="Ufficio")]})


def test_registry_errors_follow_intl_report_language(monkeypatch):
    monkeypatch.setenv("INTL_REPORT_LANGUAGE", "en")
    with pytest.raises(ValueError, match="^The department registry lists the short names cultura, sport more than once$"):
        _parse({"sectors": [_sector("sport"), _sector("cultura"), _sector("sport"), _sector("cultura")]})
