"""Timing of the main job, `coalitionlab demo` (issue 14), with its target.

Target: the job after the install in under 60 s wall time, cold: a fresh process and an empty cache folder
(COALITIONLAB_CACHE), so the data set is built, every model fitted and the backtest run, as on a fresh clone. Then
the same again with the cache filled (the data set and forecast models from disk), and the job in one process
(COALITIONLAB_WORKERS=1) for comparison. Prints each run's wall time, the progress lines with their times, and the
machine's load average (the job uses both cores; on a loaded machine wall time measures the other jobs too).
Run: python benchmarks/bench_demo.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 60.0
EXE = Path(sys.executable).with_name("coalitionlab")


def run(label: str, cache: Path, out: Path, workers: str | None) -> float:
    env = {**os.environ, "COALITIONLAB_CACHE": str(cache)}
    env.pop("COALITIONLAB_WORKERS", None)
    if workers:
        env["COALITIONLAB_WORKERS"] = workers
    load = os.getloadavg()[0]
    started = time.perf_counter()
    proc = subprocess.run([str(EXE), "demo", "--out", str(out), "--force"], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        print(f"{label}: FAIL (exit {proc.returncode})\n{proc.stderr[-2000:]}")
        return float("inf")
    print(f"\n{label}: {seconds:.1f} s wall (load average {load:.1f} before)")
    for line in proc.stderr.splitlines():
        if line.startswith("["):
            print("   ", line)
    return seconds


def main() -> int:
    if not EXE.exists():
        print(f"FAIL: {EXE} not found; run `make install` first")
        return 1
    root = Path(tempfile.mkdtemp(prefix="bench_demo_"))
    try:
        cache = root / "cache"
        cold = run("cold (empty cache, two processes)", cache, root / "out", None)
        warm = run("warm (data set and forecast models cached)", cache, root / "out", None)
        serial = run("cold, one process (COALITIONLAB_WORKERS=1)", root / "cache1", root / "out1", "1")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print()
    print(f"make demo's job, cold: {cold:.1f} s (target < {TARGET:.0f} s): {'pass' if cold < TARGET else 'FAIL'}")
    print(f"warm: {warm:.1f} s; cold in one process: {serial:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
