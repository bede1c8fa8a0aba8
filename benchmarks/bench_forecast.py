"""Timing of the partner forecast and its cache, with targets (issue 12).

Targets: a cold forecast (a fresh process, no fitted model cached; the data set read from its cache) in under
10 s, and a forecast with cached models under 200 ms in process. Each step runs in a fresh Python process with
its own empty cache folder (COALITIONLAB_CACHE), so nothing is shared with the user's cache:

1. build the data set and cache it (``interventions.cache.load_dataset``, what a very first forecast pays once);
2. cold forecast: the data set from the cache, the three models fitted and written to the cache;
3. in process, models in memory: the same scenario again, and a new scenario of the same year;
4. a new process, models (and the measured scenario) read from the disk cache; and a scenario never measured;
5. the backtest from 1970 (every cut-off fitted), then again from the cache.

Wall and CPU times of each step; the targets are judged on CPU time (process time, all threads), as in
bench_entanglement.py: on an idle machine wall time is at most that, on a shared, loaded machine wall time
measures the other jobs too. Run: python benchmarks/bench_forecast.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

STEP = r"""
import json, sys, time
class Timer:
    def __init__(self, out, name):
        self.out, self.name = out, name
    def __enter__(self):
        self.w, self.c = time.perf_counter(), time.process_time()
    def __exit__(self, *exc):
        self.out[self.name] = (time.perf_counter() - self.w, time.process_time() - self.c)
t0 = time.perf_counter()
from coalitionlab.forecast import backtest, forecast_partners, make_scenario
from coalitionlab.forecast.model import load_data
step = sys.argv[1]
out = {}
if step == "build":
    with Timer(out, "build"):
        load_data()
elif step == "forecast":
    target = sys.argv[2]
    with Timer(out, "load_data"):
        data = load_data()
    with Timer(out, "first"):
        forecast_partners(make_scenario(target, 1990, igo="un"), data)
    with Timer(out, "again"):
        forecast_partners(make_scenario(target, 1990, igo="un"), data)
    with Timer(out, "new_scenario"):
        forecast_partners(make_scenario("Cuba", 1990), data)
elif step == "backtest":
    data = load_data()
    with Timer(out, "backtest"):
        backtest(data)
print(json.dumps(out))
"""


def run(step: str, env: dict, *args: str) -> dict:
    res = subprocess.run([sys.executable, "-c", STEP, step, *args], env=env, capture_output=True, text=True, check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "COALITIONLAB_CACHE": cache}
        b = run("build", env)
        rows.append(("build the data set and cache it (once)", b["build"], None))
        cold = run("forecast", env, "Iraq")
        rows.append(("data set read from the cache", cold["load_data"], None))
        rows.append(("cold forecast Iraq 1990 (3 models fitted)", cold["first"], 10.0))
        rows.append(("in process: same scenario again", cold["again"], 0.2))
        rows.append(("in process: new scenario, models in memory", cold["new_scenario"], None))
        warm = run("forecast", env, "Iraq")
        rows.append(("new process, models and scenario from the cache", warm["first"], None))
        new = run("forecast", env, "Iran")
        rows.append(("new process, models cached, new scenario", new["first"], None))
        bt = run("backtest", env)
        rows.append(("backtest from 1970 (cold: every cut-off fitted)", bt["backtest"], None))
        bt2 = run("backtest", env)
        rows.append(("backtest from 1970 (models cached)", bt2["backtest"], None))
    print(f"{'step':52s} {'wall s':>8s} {'cpu s':>8s} {'target':>8s}  result")
    failed = False
    for name, (wall, cpu), target in rows:
        ok = "" if target is None else ("PASS" if cpu < target else "FAIL")
        failed |= ok == "FAIL"
        print(f"{name:52s} {wall:8.3f} {cpu:8.3f} {'' if target is None else f'{target:8.1f}'}  {ok}")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
