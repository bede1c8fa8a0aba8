"""Timing of the data set build and the models, with targets (issues 4 and 5).

Targets: `coalitionlab build` under 30 s; all fits (`coalitionlab fit all`, build included) under 20 s; the
grouped cross-validation of the joining model under 30 s. Run: python benchmarks/bench_models.py
"""

from __future__ import annotations

import statistics
import time

from coalitionlab.interventions.build import build_dataset
from coalitionlab.models import fit_question
from coalitionlab.models.features import joining_frame
from coalitionlab.models.inference import grouped_cv
from coalitionlab.models.joining import Q2_TERMS


def timed(fn, repeat: int = 3):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    first = time.perf_counter()
    data = build_dataset()
    cold = time.perf_counter() - first
    warm, data = timed(build_dataset)
    rows = [("build (first, cold caches)", cold, 30.0), ("build (warm)", warm, 30.0)]
    fit_total = 0.0
    for key in ("q1", "q2", "q3"):
        t, _ = timed(lambda k=key: fit_question(data, k, cv=False))
        fit_total += t
        rows.append((f"fit {key}", t, None))
    rows.append(("fit all incl. cold build", cold + fit_total, 20.0))
    frame = joining_frame(data)
    t, cv = timed(lambda: grouped_cv(frame, "joined", Q2_TERMS, "intervention_id", n_splits=5, seed=0))
    rows.append((f"grouped 5-fold CV of Q2 (AUC {cv.auc:.3f})", t, 30.0))
    print(f"{'step':45s} {'seconds':>8s} {'target':>8s}  result")
    failed = False
    for name, secs, target in rows:
        ok = "" if target is None else ("PASS" if secs < target else "FAIL")
        failed |= ok == "FAIL"
        print(f"{name:45s} {secs:8.2f} {'' if target is None else f'{target:8.0f}'}  {ok}")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
