"""Timing of the entanglement models, with targets (issue 11).

Target: the MID-initiation models (frame build included) run in under 60 s on the full directed dyad-years
1946-2010 (1,444,960 rows). Also timed: the U.S. commitments panel 1946-2018. The target is judged on CPU time
(process time, all threads): on an idle machine wall time is at most that, while on a shared, loaded machine
wall time measures the other jobs too (both are printed). Run: python benchmarks/bench_entanglement.py
"""

from __future__ import annotations

import time

from coalitionlab.entanglement import create_us_commitments
from coalitionlab.entanglement.behaviour import create_initiation_frame, fit_initiation_models


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


def main() -> None:
    rows = []
    w, c, panel = timed(create_us_commitments)
    rows.append((f"U.S. commitments 1946-2018 ({len(panel):,} rows)", w, c, 10.0))
    w1, c1, frame = timed(create_initiation_frame)
    rows.append((f"initiation frame 1946-2010 ({len(frame):,} rows)", w1, c1, None))
    w2, c2, report = timed(lambda: fit_initiation_models(frame=frame))
    for m in report.models.values():
        rows.append((f"  fit {m.key} (N {m.result.n:,})", m.seconds, float("nan"), None))
    rows.append(("initiation models, frame included", w1 + w2, c1 + c2, 60.0))
    print(f"{'step':50s} {'wall s':>8s} {'cpu s':>8s} {'target':>8s}  result")
    failed = False
    for name, wall, cpu, target in rows:
        ok = "" if target is None else ("PASS" if cpu < target else "FAIL")
        failed |= ok == "FAIL"
        print(f"{name:50s} {wall:8.2f} {cpu:8.2f} {'' if target is None else f'{target:8.0f}'}  {ok}")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
