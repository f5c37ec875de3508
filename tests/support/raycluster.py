"""A real two-node Ray cluster on this machine, for the tests that run work on Ray.

`ray start --head` and a second `ray start --address …` node, each with one CPU, in a fresh
temporary folder and on free ports, so they collide with no other Ray on the machine. They are
stopped by process id (the processes whose command line names our temporary folder, and their
children: the workers), never with `ray stop`, which would stop every Ray of this user.
A multi-node Ray swaps 127.0.0.1 for the machine's own interface address: the traffic stays on
this machine all the same.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAY = Path(sys.executable).with_name("ray")
OBJECT_STORE_BYTES = 100 * 1024 * 1024  # the work passes listings and rows, not big arrays


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _node_ports() -> list[str]:
    """Every port a node listens on, chosen free, so a second Ray on the machine does not clash."""
    ports = ["--node-manager-port", "--object-manager-port", "--dashboard-agent-listen-port",
             "--dashboard-agent-grpc-port", "--metrics-export-port", "--runtime-env-agent-port"]
    return [arg for name in ports for arg in (name, str(free_port()))]


def _environment() -> dict[str, str]:
    """The workers import this tree (the code under test and tests.support) as the driver does."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    return env


def _processes() -> dict[int, tuple[int, str]]:
    """pid → (parent pid, command line) of every process, read from /proc."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended meanwhile
            continue
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        found[int(entry.name)] = (parent, cmdline)
    return found


def _stop(temp_dir: Path) -> None:
    """End the cluster's processes: those naming our folder, and all their descendants."""
    procs = _processes()
    doomed = {pid for pid, (_, cmdline) in procs.items() if str(temp_dir) in cmdline and pid != os.getpid()}
    while True:
        more = {pid for pid, (parent, _) in procs.items() if parent in doomed} - doomed
        if not more:
            break
        doomed |= more
    for pid in doomed:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@contextmanager
def ray_cluster(cpus_per_node: int = 1) -> Iterator[str]:
    """Start a head and one worker node; yields the address for `ray.init`, stops both after."""
    temp_dir = Path(tempfile.mkdtemp(prefix="tbray-", dir="/tmp"))  # sockets need a short path
    port = free_port()
    address = f"127.0.0.1:{port}"
    common = ["--num-cpus", str(cpus_per_node), "--temp-dir", str(temp_dir), "--disable-usage-stats",
              "--object-store-memory", str(OBJECT_STORE_BYTES)]
    head = [str(RAY), "start", "--head", "--port", str(port),
            "--include-dashboard=false", "--dashboard-port", str(free_port()), *common, *_node_ports()]
    worker = [str(RAY), "start", "--address", address, *common, *_node_ports()]
    try:
        for command in (head, worker):
            done = subprocess.run(command, env=_environment(), capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                raise RuntimeError(f"ray start failed:\n{done.stderr[-2000:]}")
        yield address
    finally:
        _stop(temp_dir)
        shutil.rmtree(temp_dir, ignore_errors=True)
