"""Timing of the data set build, the models and the robustness run, with targets (issues 4, 5 and 9).

Targets: `coalitionlab build` under 30 s; `coalitionlab fit all` (build, the three questions with multiple
imputation, m = 20, and the grouped cross-validation) plus the robustness run of the scorecard under 120 s;
the grouped cross-validation of the joining model under 30 s. Run: python benchmarks/bench_models.py
"""

from __future__ import annotations

import time

from coalitionlab.findings import robustness
from coalitionlab.interventions.build import build_dataset
from coalitionlab.models import fit_question


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    cold, data = timed(build_dataset)
    warm, data = timed(build_dataset)
    rows = [("build (first, cold caches)", cold, 30.0), ("build (warm)", warm, 30.0)]
    reports, fit_total = {}, 0.0
    for key in ("q1", "q2", "q3"):
        t, reports[key] = timed(lambda k=key: fit_question(data, k, cv=True))
        fit_total += t
        rows.append((f"fit {key} (MI m=20{', grouped CV' if key == 'q2' else ''})", t, None))
    t_rob, rob = timed(lambda: robustness(reports))
    rows.append((f"robustness ({len(rob)} specifications x findings)", t_rob, None))
    rows.append(("fit all + robustness, cold build included", cold + fit_total + t_rob, 120.0))
    print(f"{'step':55s} {'seconds':>8s} {'target':>8s}  result")
    failed = False
    for name, secs, target in rows:
        ok = "" if target is None else ("PASS" if secs < target else "FAIL")
        failed |= ok == "FAIL"
        print(f"{name:55s} {secs:8.2f} {'' if target is None else f'{target:8.0f}'}  {ok}")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
