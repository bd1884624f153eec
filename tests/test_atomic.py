"""Atomic writes: a whole file or none, readable by others as any program's files are."""

from __future__ import annotations

import os

import pytest

from intl_report import atomic


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_get_the_mode_the_umask_gives(tmp_path, umask, mode):
    saved = os.umask(umask)
    try:
        target = atomic.write_text(tmp_path / "rapporto.csv", "Titolo\n")
        assert target.stat().st_mode & 0o777 == mode
        assert not list(tmp_path.glob(".*.part*"))
    finally:
        os.umask(saved)


def test_a_failed_write_leaves_the_previous_file(tmp_path):
    target = atomic.write_text(tmp_path / "dati.json", "prima")
    with pytest.raises(RuntimeError), atomic.atomic_path(target) as partial:
        partial.write_text("metà")
        raise RuntimeError("interrotto")
    assert target.read_text() == "prima" and not list(tmp_path.glob(".*.part*"))
