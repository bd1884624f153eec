"""Starting the warm workers' fork server: what it preloads and the environment it is started with.

(The fork server itself is started and used by test_engine.py's pool.)
"""

from __future__ import annotations

import importlib.util
import os

import pytest

from intl_report import warmstart


@pytest.mark.parametrize("module", warmstart.DEFAULT_PRELOAD)
def test_every_preloaded_module_exists(module):
    """A name that does not import is skipped silently by the server: the notebooks would just start cold."""
    assert importlib.util.find_spec(module) is not None


def test_environ_sets_a_variable_for_the_block_and_restores_it(monkeypatch):
    monkeypatch.delenv(warmstart.PRELOAD_ENV, raising=False)
    with warmstart.environ(warmstart.PRELOAD_ENV, "pandas"):
        assert os.environ[warmstart.PRELOAD_ENV] == "pandas"
    assert warmstart.PRELOAD_ENV not in os.environ
    monkeypatch.setenv(warmstart.PRELOAD_ENV, "prima")
    with pytest.raises(RuntimeError), warmstart.environ(warmstart.PRELOAD_ENV, "pandas"):
        raise RuntimeError("interrotto")
    assert os.environ[warmstart.PRELOAD_ENV] == "prima"
