"""The benchmarks' site under test: uvicorn on a free loopback port, started and awaited."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VAR = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, *, workers: int = 1, env: dict | None = None) -> subprocess.Popen:
    """uvicorn with ``workers`` processes; ``env`` adds settings for this run (read from the
    environment by pedset/settings.py)."""
    environment = {
        **os.environ,
        "PEDSET_VAR_DIR": str(BENCH_VAR),
        "LOG_LEVEL": "ERROR",
        **(env or {}),
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "uvicorn"),
            "pedset.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--no-access-log",
            "--lifespan",
            "off",
        ],
        cwd=ROOT,
        env=environment,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start")
