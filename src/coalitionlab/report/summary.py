"""A summary of the bundled data: data sets, versions, coverage and row counts."""

from __future__ import annotations

import pandas as pd

from coalitionlab.catalog import load_table, registry
from coalitionlab.catalog.countries import members


def data_summary() -> pd.DataFrame:
    """One row per bundled data set: name, data set, version, coverage, rows and size."""
    rows = []
    for name, ds in registry().items():
        n_rows = None if ds.file.endswith(".json") else load_table(name).num_rows
        rows.append({
            "name": name, "dataset": ds.dataset, "version": ds.version,
            "coverage": f"{ds.coverage_start}-{ds.coverage_end}" if ds.coverage_start else "",
            "unit": ds.unit, "rows": n_rows, "size_kb": round(ds.path.stat().st_size / 1024, 1),
        })
    return pd.DataFrame(rows)


def system_counts(years: tuple[int, ...] = (1946, 1990, 2016, 2024)) -> dict[int, int]:
    """Number of COW system members in selected years."""
    return {y: len(members(y)) for y in years}


def summary_markdown(summary: pd.DataFrame, counts: dict[int, int]) -> str:
    lines = ["# coalitionlab: bundled data", "",
             f"{len(summary)} data sets, {summary['size_kb'].sum() / 1024:.1f} MB in all.", "",
             "| name | data set | version | coverage | unit | rows |", "|---|---|---|---|---|---|"]
    for r in summary.itertuples():
        rows = "" if pd.isna(r.rows) else f"{int(r.rows):,}"
        lines.append(f"| {r.name} | {r.dataset} | {r.version} | {r.coverage} | {r.unit} | {rows} |")
    lines += ["", "COW state system members: " + ", ".join(f"{y}: {n}" for y, n in counts.items()), ""]
    return "\n".join(lines)
