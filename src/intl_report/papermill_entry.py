"""papermill's entry point for the ``intl-report-warm`` engine (``papermill --engine intl-report-warm ...``).

papermill loads its engines' entry points while ``papermill.engines`` is being imported, which
``intl_report.engine`` itself imports: the entry point is this small class, which loads the engine when a
notebook is executed.
"""

from __future__ import annotations

from typing import Any

from papermill.engines import Engine


class WarmEngine(Engine):
    """``intl_report.engine.WarmEngine``, loaded on first use."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name: str, **kwargs: Any):
        from .engine import WarmEngine as engine

        return engine.execute_managed_notebook(nb_man, kernel_name, **kwargs)
