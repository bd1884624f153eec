"""The notebooks' warm server kept between runs: reused, keyed, private, and never outliving its clients' work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from intl_report import runner
from intl_report.warmserver import (
    RUNTIME_ENV,
    ServerPool,
    ServerUnavailable,
    private_runtime,
    server_key,
    servers,
    stop_servers,
)

NOTEBOOKS = Path(__file__).parent / "notebooks"


def notebook(path: Path, *sources: str, parameters: str = "value = 0") -> Path:
    cells = [nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    cells += [nbformat.v4.new_code_cell(textwrap.dedent(source)) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), path)
    return path


def printed(path: Path) -> str:
    cells = nbformat.read(path, as_version=4).cells
    return "".join(o.text for c in cells if c.cell_type == "code" for o in c.outputs if o.output_type == "stream")


def wait_until(condition, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def own_servers(tmp_path_factory):
    """A runtime folder of this test's own: the servers it starts are its alone, and are stopped after it."""
    with private_runtime(tmp_path_factory.mktemp("own")) as folder:
        yield folder


def test_the_second_pool_reuses_the_server_and_each_notebook_gets_a_fresh_process(own_servers, tmp_path):
    source = notebook(tmp_path / "pid.ipynb", "import os\nprint(os.getpid(), os.getppid())")
    with ServerPool(jobs=1) as pool:
        pool.submit(source, tmp_path / "one.ipynb").result(timeout=60)
    (first,) = servers()
    with ServerPool(jobs=1) as pool:
        pool.submit(source, tmp_path / "two.ipynb").result(timeout=60)
    (second,) = servers()
    assert second["pid"] == first["pid"] and second["notebooks"] == first["notebooks"] + 1
    pid_one, parent_one = printed(tmp_path / "one.ipynb").split()
    pid_two, parent_two = printed(tmp_path / "two.ipynb").split()
    assert pid_one != pid_two and parent_one == parent_two == str(first["pid"])  # forked from the kept server


def test_the_key_follows_the_code_environment_and_preload_but_not_the_working_directory(monkeypatch):
    key = server_key()
    monkeypatch.setenv("PWD", "/somewhere/else")
    assert server_key() == key
    monkeypatch.setenv("INTL_REPORT_REGISTRY", "/tmp/another-registry.yaml")
    assert server_key() != key
    monkeypatch.delenv("INTL_REPORT_REGISTRY")
    assert server_key(("pandas",)) != key


def test_a_notebook_runs_in_the_clients_folder_and_sees_an_edited_registry(own_servers, tmp_path, monkeypatch):
    registry = tmp_path / "sectors.yaml"
    registry.write_text("sectors:\n  - {slug: primo, name: Settore Primo, kind: Settore}\n", "utf-8")
    monkeypatch.setenv("INTL_REPORT_REGISTRY", str(registry))
    monkeypatch.chdir(tmp_path)
    source = notebook(tmp_path / "registry.ipynb",
                      "import os\nfrom intl_report.registry import load_registry\n"
                      "print(os.getcwd(), *load_registry().slugs)")
    with ServerPool(jobs=1) as pool:
        pool.submit(source, tmp_path / "before.ipynb").result(timeout=60)
        registry.write_text("sectors:\n  - {slug: primo, name: Settore Primo, kind: Settore}\n"
                            "  - {slug: secondo, name: Settore Secondo, kind: Settore}\n", "utf-8")
        pool.submit(source, tmp_path / "after.ipynb").result(timeout=60)
    assert printed(tmp_path / "before.ipynb").split() == [str(tmp_path), "primo"]
    assert printed(tmp_path / "after.ipynb").split() == [str(tmp_path), "primo", "secondo"]


def test_what_a_notebook_writes_to_the_process_streams_reaches_the_client(own_servers, tmp_path, capfd):
    source = notebook(tmp_path / "fd.ipynb", "import os\nos.write(1, b'straight to fd 1\\n')")
    with ServerPool(jobs=1) as pool:
        pool.submit(source, tmp_path / "fd-run.ipynb").result(timeout=60)
    assert "straight to fd 1" in capfd.readouterr().out


def test_the_server_exits_after_its_idle_time_and_a_later_pool_starts_another(own_servers, tmp_path):
    source = notebook(tmp_path / "x.ipynb", "print(value)")
    with ServerPool(jobs=1, idle=1.0) as pool:
        pool.submit(source, tmp_path / "a.ipynb", {"value": 1}).result(timeout=60)
        (first,) = servers()
        assert wait_until(lambda: not servers(), timeout=15)
        assert not list(own_servers.glob("*.sock"))  # it removed its socket
        pool.submit(source, tmp_path / "b.ipynb", {"value": 2}).result(timeout=60)  # the pool starts another
    (second,) = servers()
    assert second["pid"] != first["pid"]
    assert printed(tmp_path / "b.ipynb") == "2\n"


def test_a_server_for_newer_code_stops_the_one_for_older_code(own_servers, monkeypatch):
    from intl_report import warmserver

    with monkeypatch.context() as patched:  # a server started by the previous version of the code
        patched.setattr(warmserver, "code_fingerprint", lambda: "an older version")
        warmserver.ensure_server()
        (old,) = servers()
    assert old["code"] == "an older version"  # what it was started for, whatever the files say now
    warmserver.ensure_server()
    assert wait_until(lambda: not _alive(old["pid"]), timeout=15)
    (current,) = servers()
    assert current["code"] == warmserver.code_fingerprint()


def test_stop_ends_the_servers(own_servers, tmp_path):
    with ServerPool(jobs=1) as pool:
        pool.submit(notebook(tmp_path / "y.ipynb", "print(1)"), tmp_path / "y-run.ipynb").result(timeout=60)
    (server,) = servers()
    assert stop_servers() == 1
    assert wait_until(lambda: not _alive(server["pid"]))
    assert servers() == []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (the test's own child, not yet reaped) has finished
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().rsplit(")", 1)[1].split()[0] != "Z"


def test_a_client_that_dies_takes_its_notebook_with_it(own_servers, tmp_path):
    pid_file = tmp_path / "notebook.pid"
    source = notebook(tmp_path / "long.ipynb",
                      f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(120)")
    client = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from intl_report.warmserver import ServerPool
        pool = ServerPool(jobs=1)
        pool.submit({str(source)!r}, {str(tmp_path / "long-run.ipynb")!r}).result()
        """)], env={**os.environ, RUNTIME_ENV: str(own_servers)})
    assert wait_until(lambda: pid_file.exists() and pid_file.read_text(), timeout=60)
    notebook_pid = int(pid_file.read_text())
    assert _alive(notebook_pid)
    client.send_signal(signal.SIGKILL)
    client.wait()
    assert wait_until(lambda: not _alive(notebook_pid), timeout=5)


def test_ctrl_c_in_the_run_stops_its_notebooks_in_the_server(own_servers, tmp_path):
    pid_file = tmp_path / "notebook.pid"
    source = notebook(tmp_path / "long.ipynb",
                      f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(120)")
    with pytest.raises(KeyboardInterrupt), ServerPool(jobs=1) as pool:
        pool.submit(source, tmp_path / "long-run.ipynb")
        assert wait_until(lambda: pid_file.exists() and pid_file.read_text(), timeout=60)
        raise KeyboardInterrupt
    notebook_pid = int(pid_file.read_text())
    assert wait_until(lambda: not _alive(notebook_pid), timeout=5)


def test_a_folder_others_can_open_is_refused_and_the_run_falls_back_to_a_server_of_its_own(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv(RUNTIME_ENV, str(shared))
    with pytest.raises(ServerUnavailable, match="non è riservata"):
        ServerPool(jobs=1)
    lines = []

    class Progress:
        def log(self, message: str) -> None:
            lines.append(message)

    with runner.make_executor("server", 1, Progress()) as executor:
        assert executor.name == "warm"  # what the manifest records as executor_used
        executor.submit(NOTEBOOKS / "simple.ipynb", tmp_path / "simple.ipynb", {}).result(timeout=60)
    assert any("server dei notebook non disponibile" in line for line in lines)


def test_the_server_command_lists_and_stops_the_servers(own_servers, tmp_path, capsys):
    from intl_report.cli import main

    assert main(["server", "status"]) == 0
    assert "nessun server in esecuzione" in capsys.readouterr().out
    with ServerPool(jobs=1) as pool:
        pool.submit(notebook(tmp_path / "z.ipynb", "print(1)"), tmp_path / "z-run.ipynb").result(timeout=60)
    assert main(["server", "status"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("pid ") and "1 notebook eseguito, 0 in corso" in line and str(own_servers) in line
    assert main(["server", "stop"]) == 0
    assert capsys.readouterr().out.strip() == "1 server fermato"
    assert wait_until(lambda: not servers())
