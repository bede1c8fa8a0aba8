"""Load test of the web API (issue 15): 100 concurrent clients for 30 s against POST /api/forecast on 127.0.0.1.

Starts `coalitionlab serve` on a free port, waits for /api/health, warms the forecast once (the data set and the
models load on first use), then runs the clients; bounded in time (--seconds) and in requests per client
(--max-per-client), so it always stops by itself. Prints throughput, p50 and p99 latency and errors.
Target: no errors, p99 under 500 ms. Run: python benchmarks/bench_api.py [--clients 100] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time

import httpx

SCENARIO = {"targets": ["Iraq"], "year": 1990, "igo": "un"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _client(client: httpx.AsyncClient, url: str, until: float, cap: int, lat: list, errors: list) -> None:
    for _ in range(cap):
        if time.perf_counter() >= until:
            return
        t0 = time.perf_counter()
        try:
            r = await client.post(url, json=SCENARIO, timeout=60)
            if r.status_code != 200:
                errors.append(r.status_code)
        except httpx.HTTPError as exc:
            errors.append(type(exc).__name__)
        lat.append(time.perf_counter() - t0)


async def _run(base: str, clients: int, seconds: float, cap: int) -> tuple[list, list, float]:
    lat: list[float] = []
    errors: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits) as client:
        r = await client.post("/api/forecast", json=SCENARIO, timeout=300)  # warm: data set and models
        r.raise_for_status()
        t0 = time.perf_counter()
        until = t0 + seconds
        await asyncio.gather(*[_client(client, "/api/forecast", until, cap, lat, errors) for _ in range(clients)])
        return lat, errors, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-per-client", type=int, default=10_000)
    args = ap.parse_args()
    port = _free_port()
    exe = os.path.join(os.path.dirname(sys.executable), "coalitionlab")
    server = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        while time.perf_counter() - started < 60:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        health = time.perf_counter() - started
        lat, errors, elapsed = asyncio.run(_run(base, args.clients, args.seconds, args.max_per_client))
    finally:
        server.terminate()
        server.wait(timeout=10)
    lat.sort()
    p50 = lat[len(lat) // 2] * 1000 if lat else float("nan")
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")
    print(f"health answered after {health:.1f} s")
    print(f"{len(lat)} requests from {args.clients} clients in {elapsed:.1f} s: {len(lat) / elapsed:.1f} req/s; "
          f"p50 {p50:.0f} ms, p99 {p99:.0f} ms; errors {len(errors)}")
    ok = not errors and p99 < 500
    print("target (no errors, p99 < 500 ms):", "PASS" if ok else "FAIL")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
