"""Benchmark: the peacesciencer dyad-year pipeline on full COW directed dyad-years, 1816-2024.

Steps: create_dyadyears, then add ATOP, NMC, democracy, minimum distance, contiguity, COW MIDs and peace years.
Prints, per step, the *cold* time (first call in this process: it includes reading the bundled source and
building its cached index) and the median of warm runs (like peacesciencer's microbenchmark medians, whose
lazily-loaded data are in memory after the first call), next to peacesciencer's medians, and PASS/FAIL for:
each step >= 5x faster than peacesciencer (warm median), the whole pipeline < 3 s (cold: first calls in a
fresh process, library import excluded and printed apart; and warm), peak memory (max RSS) < 3 GB.

Run: ``.venv/bin/python benchmarks/bench_panels.py [--runs 5] [--strict]`` (``--strict``: exit 1 on a FAIL).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time

# peacesciencer medians in seconds (svmiller.com/peacesciencer/articles/times.html, as given in our brief)
PEACESCIENCER = {
    "create_dyadyears": 3.5,
    "add_atop_alliance": 0.30,
    "add_nmc": 0.26,
    "add_democracy": 0.23,
    "add_minimum_distance": 1.14,
    "add_contiguity": 1.58,
    "add_cow_mids": 0.41,
    "add_peace_years": 7.9,
}
PS_TOTAL = 15.4
SPEEDUP = 5.0
PIPELINE_S = 3.0
MEMORY_GB = 3.0


def _steps():
    from coalitionlab import panels as P

    return [
        ("create_dyadyears", lambda _: P.create_dyadyears("cow", directed=True)),
        ("add_atop_alliance", P.add_atop_alliance),
        ("add_nmc", P.add_nmc),
        ("add_democracy", P.add_democracy),
        ("add_minimum_distance", P.add_minimum_distance),
        ("add_contiguity", P.add_contiguity),
        ("add_cow_mids", P.add_cow_mids),
        ("add_peace_years", P.add_peace_years),
    ]


def _pipeline(steps) -> tuple[dict[str, float], object]:
    times, df = {}, None
    for name, func in steps:
        t = time.perf_counter()
        df = func(df)
        times[name] = time.perf_counter() - t
    return times, df


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="warm runs per step (default 5)")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target fails")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    steps = _steps()  # imports coalitionlab, pandas, numpy, pyarrow: reported apart from the pipeline
    import_s = time.perf_counter() - t0
    cold, df = _pipeline(steps)
    cold_total = sum(cold.values())
    assert len(df) == 2_214_930, len(df)  # type: ignore[arg-type]

    warm: dict[str, list[float]] = {name: [] for name, _ in steps}
    totals = []
    for _ in range(args.runs):
        times, _df = _pipeline(steps)
        for k, v in times.items():
            warm[k].append(v)
        totals.append(sum(times.values()))
        del _df
    med = {k: statistics.median(v) for k, v in warm.items()}
    warm_total = statistics.median(totals)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux

    fails = 0
    print(f"coalitionlab panels benchmark: COW directed dyad-years 1816-2024, {len(df):,} rows, "  # type: ignore
          f"{df.shape[1]} columns at the end; {args.runs} warm runs")  # type: ignore[union-attr]
    print(f"{'step':<22}{'cold s':>9}{'warm med s':>12}{'peacesciencer s':>17}{'speed-up':>10}  target (>= 5x)")
    for name, _ in steps:
        ps = PEACESCIENCER[name]
        ok = med[name] * SPEEDUP <= ps
        fails += not ok
        print(f"{name:<22}{cold[name]:>9.3f}{med[name]:>12.3f}{ps:>17.2f}{ps / med[name]:>9.1f}x  "
              f"{'PASS' if ok else 'FAIL'}")
    print(f"{'import coalitionlab.panels':<34}{import_s:>7.3f} s  (not part of the pipeline)")
    for label, value in (("pipeline, cold (fresh process)", cold_total), ("pipeline, warm median", warm_total)):
        ok = value < PIPELINE_S
        fails += not ok
        print(f"{label:<34}{value:>7.3f} s  vs peacesciencer {PS_TOTAL} s ({PS_TOTAL / value:.1f}x)  "
              f"target < {PIPELINE_S} s: {'PASS' if ok else 'FAIL'}")
    ok = peak_gb < MEMORY_GB
    fails += not ok
    print(f"{'peak memory (max RSS)':<34}{peak_gb:>7.2f} GB  target < {MEMORY_GB} GB: {'PASS' if ok else 'FAIL'}")
    print(f"{'ALL PASS' if not fails else f'{fails} target(s) FAIL'}")
    return 1 if (fails and args.strict) else 0


if __name__ == "__main__":
    sys.exit(main())
