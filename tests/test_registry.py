from intl_report.registry import SECTOR_KINDS, load_registry


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
