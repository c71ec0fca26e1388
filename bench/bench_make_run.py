"""Time from `git clone` to a served page with `make run`, cold and warm package cache.

Usage: .venv/bin/python bench/bench_make_run.py [--runs 3]
Clones HEAD of this repository into a temporary folder, runs `make run` on a free port, and stops
the clock when /auth/login answers 200 and the home page of the Streamlit app is served.
Prints one table: machine, scenario, median and every run.
"""

import argparse
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def served(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/auth/login", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def one_run(cold_cache: bool) -> float:
    work = Path(tempfile.mkdtemp(prefix="eexpi-bench-"))
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    if cold_cache:
        env["UV_CACHE_DIR"] = str(work / "uv-cache")
        env["PIP_NO_CACHE_DIR"] = "1"
    start = time.perf_counter()
    subprocess.run(["git", "clone", "-q", str(ROOT), str(work / "eexpi")], check=True)
    port = free_port()
    server = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=work / "eexpi", env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while not served(port):
            if server.poll() is not None:
                raise RuntimeError("make run stopped before serving")
            if time.perf_counter() - start > 600:
                raise RuntimeError("not served after 10 minutes")
            time.sleep(0.2)
        return time.perf_counter() - start
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{platform.platform()}")
    print("data: `seed-demo --scale demo` (2 firms, 28 users)")
    print(f"{'scenario':<40} {'median (s)':>10}   runs (s)")
    for label, cold in (("fresh clone, cold package cache", True), ("fresh clone, warm package cache", False)):
        runs = [one_run(cold) for _ in range(args.runs)]
        print(f"{label:<40} {statistics.median(runs):>10.1f}   {', '.join(f'{r:.1f}' for r in runs)}")


if __name__ == "__main__":
    main()
