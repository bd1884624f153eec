"""Starting the warm workers' fork server, kept free of heavy imports.

The yearly run calls :func:`start_server` first thing, so the server imports pandas, matplotlib and the
package on one core while this process does its own imports on the other. ``engine.WarmPool`` calls it
too: the fork server is one per process, so the second call finds it running.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import os
from collections.abc import Iterator

PRELOAD_ENV = "INTL_REPORT_WARM_PRELOAD"  # set only in the fork server: the modules to import there

# What every notebook of the run needs. Not matplotlib (0.3 s to import and warm up): only the cross-sector step
# draws, once, and only the charts whose data changed; it imports matplotlib then. Every notebook waits for the
# server to be ready, so whatever is preloaded here delays the first one, and a re-run after one sector's change
# is that one notebook, then cross-sector and report.
DEFAULT_PRELOAD: tuple[str, ...] = (
    "pandas", "pandera.pandas", "pandera.backends.pandas.register", "pandera.backends.pandas.builtin_checks",
    "pyarrow", "pyarrow.parquet", "python_calamine", "papermill", "IPython",
    "intl_report.pipeline", "intl_report.cleaning", "intl_report.report_content", "intl_report.charts",
    "intl_report.companion", "pyarrow.dataset", "pandas.io.formats.csvs",
)


def start_server(preload: tuple[str, ...] = DEFAULT_PRELOAD):
    """Start (once per process) the fork server that imports ``preload`` and warms up; returns its context."""
    context = multiprocessing.get_context("forkserver")
    # The server imports the main script once (instead of every child re-running it, multiprocessing's rule
    # for fork servers) and intl_report.engine, which, told so by the environment, imports `preload` itself
    # (forkserver's own preloading stops the server on any error but ImportError) and warms up.
    context.set_forkserver_preload(["__main__", "intl_report.engine"])
    with environ(PRELOAD_ENV, ",".join(preload)):
        multiprocessing.forkserver.ensure_running()
    return context


@contextlib.contextmanager
def environ(name: str, value: str) -> Iterator[None]:
    """Set an environment variable for the length of a block (the server inherits it when it starts)."""
    saved = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = saved
