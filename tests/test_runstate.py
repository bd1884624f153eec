"""What makes a yearly run incremental, exclusive and traceable: fingerprints, the steps' state, the year's lock.

The whole run's behaviour with them (skipped steps, a refused second run) is in test_run_safety.py.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from intl_report import runstate
from intl_report.runstate import RunInProgress, StepState, YearLock


def test_a_fingerprint_follows_the_parameters_and_the_files_bytes(tmp_path):
    workbook = tmp_path / "sport.xlsx"
    workbook.write_bytes(b"prima versione")
    first = runstate.fingerprint({"sector": "sport", "year": 2025}, [workbook])
    assert runstate.fingerprint({"year": 2025, "sector": "sport"}, [workbook]) == first  # parameters in any order
    os.utime(workbook, (1_700_000_000, 1_700_000_000))
    assert runstate.fingerprint({"sector": "sport", "year": 2025}, [workbook]) == first  # touched, same bytes
    assert runstate.fingerprint({"sector": "sport", "year": 2026}, [workbook]) != first
    workbook.write_bytes(b"seconda versione")
    assert runstate.fingerprint({"sector": "sport", "year": 2025}, [workbook]) != first


def test_a_missing_input_has_a_fingerprint_of_its_own(tmp_path):
    present, absent = tmp_path / "sport.xlsx", tmp_path / "gioventu.xlsx"
    present.write_bytes(b"")
    missing = runstate.fingerprint({}, [absent])
    assert missing == runstate.fingerprint({}, [absent])
    assert missing != runstate.fingerprint({}, [present]) and missing != runstate.fingerprint({}, [])


def test_a_file_record_names_the_file_its_size_and_its_sha256(tmp_path):
    path = tmp_path / "sport.xlsx"
    path.write_bytes(b"x" * 3_000_000)  # more than one block of the hash's reads
    record = runstate.file_record(path)
    assert record == {"file": "sport.xlsx", "path": str(path), "bytes": 3_000_000,
                      "sha256": hashlib.sha256(b"x" * 3_000_000).hexdigest()}


def test_a_step_is_current_only_with_its_recorded_fingerprint_and_every_output(tmp_path):
    state = StepState(tmp_path / "2025")
    output = tmp_path / "2025" / "sectors" / "sport.parquet"
    assert not state.is_current("clean-sport", "abc", [output])  # never run
    output.parent.mkdir(parents=True)
    output.write_bytes(b"tabella")
    assert not state.is_current("clean-sport", "abc", [output])
    state.record("clean-sport", "abc")
    assert state.is_current("clean-sport", "abc", [output])
    assert not state.is_current("clean-sport", "def", [output])  # its inputs changed
    assert not state.is_current("clean-gioventu", "abc", [output])  # another step's record is not this one's
    output.unlink()
    assert not state.is_current("clean-sport", "abc", [output])  # an output was deleted
    output.write_bytes(b"tabella")
    state.forget("clean-sport")
    assert not state.is_current("clean-sport", "abc", [output])
    state.forget("clean-sport")  # forgetting twice is fine


def test_a_damaged_state_file_means_run_again_not_a_crash(tmp_path):
    state = StepState(tmp_path)
    state.record("cross-sector", "abc")
    (tmp_path / ".state" / "cross-sector.json").write_text("{troncato", "utf-8")
    assert not state.is_current("cross-sector", "abc", [])


def test_the_lock_names_the_process_holding_it_and_is_free_again_once_released(tmp_path):
    with YearLock(tmp_path / "2025") as held:
        assert held.path.read_text() == str(os.getpid())
        with pytest.raises(RunInProgress, match=f"processo {os.getpid()}"):
            YearLock(tmp_path / "2025").__enter__()
    with YearLock(tmp_path / "2025"):  # released: the next run takes it
        pass


def test_a_killed_run_does_not_keep_the_year_locked(tmp_path):
    holder = ("import sys, time\nfrom intl_report.runstate import YearLock\nlock = YearLock(sys.argv[1]).__enter__()\n"
              "print('locked', flush=True)\ntime.sleep(120)")
    process = subprocess.Popen([sys.executable, "-c", holder, str(tmp_path / "2025")], stdout=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout.readline().strip() == "locked"
        with pytest.raises(RunInProgress, match=f"processo {process.pid}"):
            YearLock(tmp_path / "2025").__enter__()
    finally:
        process.kill()
        process.wait()
    with YearLock(tmp_path / "2025"):  # the OS released the lock with the process
        pass


def test_the_render_engine_is_told_without_calling_quarto_when_it_is_not_there(monkeypatch):
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert runstate.render_engine("auto") == ("embedded", None)
    assert runstate.render_engine("embedded") == ("embedded", None)
    assert runstate.render_engine("quarto") == ("quarto", None)
