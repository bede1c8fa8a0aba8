"""Load test of the web API (issue 15): 100 concurrent clients for 30 s against POST /api/forecast on 127.0.0.1.

Starts `coalitionlab serve` on a free port (as a user would: all its safety measures on), waits for /api/health,
warms the forecast once (the data set and the models load on first use), then runs the clients; bounded in time
(--seconds), in requests per client (--max-per-client) and by a deadline on the whole run, so it always stops by
itself. Prints throughput, p50 and p99 latency, errors, the machine's load average, and the CPU time the server
and the load generator spent per request (the load generator shares the machine's cores with the server).
Target: no errors, p99 under 500 ms.

Each client is one keep-alive connection that sends a request, reads the whole answer and checks it (status 200
and the same bytes as the warm-up answer, else it counts as an error), then sends the next: latency is end to
end, from writing the request to the answer's last byte. The default generator writes HTTP/1.1 on asyncio
streams (uvloop when installed), which leaves most of a shared machine's CPU to the server; ``--generator httpx``
runs the same clients on httpx.AsyncClient (about 4 ms of CPU a request, against 0.1 ms).
Measured numbers, before and after: docs/web.md, Performance.

Run: python benchmarks/bench_api.py [--clients 100] [--seconds 30] [--generator raw|httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

SCENARIO = {"targets": ["Iraq"], "year": 1990, "igo": "un"}
PATH = "/api/forecast"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process so far, from /proc (NaN where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Raw:
    """One keep-alive HTTP/1.1 connection on asyncio streams."""

    def __init__(self, port: int, body: bytes) -> None:
        self.port = port
        self.request = (f"POST {PATH} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: application/json\r\n"
                        f"content-length: {len(body)}\r\n\r\n").encode() + body
        self.reader = self.writer = None

    async def post(self) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            self.writer.write(self.request)
            head = await self.reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            lower = head.lower()
            at = lower.index(b"\r\ncontent-length:") + 17
            body = await self.reader.readexactly(int(lower[at:lower.index(b"\r\n", at)]))
            if b"\r\nconnection: close" in lower:
                self.close()
            return status, body
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Httpx:
    """The same requests through one shared httpx.AsyncClient (a pool of keep-alive connections)."""

    def __init__(self, client, body: bytes) -> None:
        self.client, self.body = client, body

    async def post(self) -> tuple[int, bytes]:
        r = await self.client.post(PATH, content=self.body, headers={"content-type": "application/json"},
                                   timeout=60)
        return r.status_code, r.content

    def close(self) -> None:
        pass


async def _client(conn, until: float, cap: int, expected: bytes, lat: list, errors: list) -> None:
    for _ in range(cap):
        if time.perf_counter() >= until:
            break
        t0 = time.perf_counter()
        try:
            status, body = await conn.post()
            if status != 200 or body != expected:
                errors.append(status)
        except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
            errors.append(type(exc).__name__)
        lat.append(time.perf_counter() - t0)
    conn.close()


async def _run(port: int, generator: str, clients: int, seconds: float, cap: int, server_pid: int) -> dict:
    body = json.dumps(SCENARIO).encode()
    lat: list[float] = []
    errors: list = []
    warm = Raw(port, body)
    status, expected = await asyncio.wait_for(warm.post(), 300)  # warm: data set and models
    warm.close()
    if status != 200:
        raise SystemExit(f"warm-up answered {status}: {expected[:300]!r}")
    client = None
    if generator == "httpx":
        import httpx

        limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
        client = httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits)
        conns = [Httpx(client, body) for _ in range(clients)]
    else:
        conns = [Raw(port, body) for _ in range(clients)]
    load = os.getloadavg()
    cpu_server, cpu_client = _cpu_seconds(server_pid), time.process_time()
    t0 = time.perf_counter()
    until = t0 + seconds
    tasks = [asyncio.ensure_future(_client(c, until, cap, expected, lat, errors)) for c in conns]
    done, pending = await asyncio.wait(tasks, timeout=seconds + 60)  # a deadline on the whole run
    for task in pending:
        task.cancel()
        errors.append("unfinished")
    elapsed = time.perf_counter() - t0
    cpu_server, cpu_client = _cpu_seconds(server_pid) - cpu_server, time.process_time() - cpu_client
    if client is not None:
        await client.aclose()
    return {"lat": lat, "errors": errors, "elapsed": elapsed, "load": (load, os.getloadavg()),
            "cpu_server": cpu_server, "cpu_client": cpu_client}


def _loop_runner():
    try:
        import uvloop

        return uvloop.run
    except ImportError:
        return asyncio.run


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=100)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--max-per-client", type=int, default=100_000)
    ap.add_argument("--generator", choices=["raw", "httpx"], default="raw")
    args = ap.parse_args()
    port = _free_port()
    exe = os.path.join(os.path.dirname(sys.executable), "coalitionlab")
    server = subprocess.Popen([exe, "serve", "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        while time.perf_counter() - started < 60 and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        health = time.perf_counter() - started
        run = (asyncio.run if args.generator == "httpx" else _loop_runner())
        out = run(_run(port, args.generator, args.clients, args.seconds, args.max_per_client, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=10)
    lat, errors, elapsed = sorted(out["lat"]), out["errors"], out["elapsed"]
    n = len(lat)
    p50 = lat[n // 2] * 1000 if lat else float("nan")
    p99 = lat[min(n - 1, int(n * 0.99))] * 1000 if lat else float("nan")
    (b1, b5, _), (a1, a5, _) = out["load"]
    print(f"health answered after {health:.1f} s; generator {args.generator}")
    print(f"{n} requests from {args.clients} clients in {elapsed:.1f} s: {n / elapsed:.1f} req/s; "
          f"p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {lat[-1] * 1000 if lat else float('nan'):.0f} ms; "
          f"errors {len(errors)}" + (f" ({sorted(set(map(str, errors)))[:5]})" if errors else ""))
    print(f"CPU per request: server {out['cpu_server'] / max(n, 1) * 1000:.2f} ms, load generator "
          f"{out['cpu_client'] / max(n, 1) * 1000:.2f} ms; load average (1, 5 min) before {b1:.2f} {b5:.2f}, "
          f"after {a1:.2f} {a5:.2f} on {os.cpu_count()} cores")
    ok = not errors and p99 < 500
    print("target (no errors, p99 < 500 ms):", "PASS" if ok else "FAIL")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
