"""The audit of the partner rosters: samples of partner rows, each judged against documented history by a
reviewer, and the precision they show (the share of sampled rows that are right), with Wilson 95% intervals,
overall and by stratum.

The judged samples ship with the package (``interventions/audit_samples/sample_<label>.yaml``). Each was a
stratified random draw of the partner rows of the data set as it stood then (strata: the kind of evidence behind
the row: ``curated`` fact, ``mid`` record, ``war`` record, ``ucdp`` record; a fixed seed), drawn by
``scripts/audit_partners.py draw`` and judged row by row: verdict ``correct`` or ``wrong``, with a reason. The
question each reviewer answered: did this state's military take part beside the U.S. in this intervention
(forces, support units or bases)?

``partner_audit()`` reads them; ``partner_audit(data)`` also checks each judged row against the current partner
table of ``data``: a row judged wrong that is no longer there is *fixed*, a row judged correct that is no longer
there is *lost* (with the rule of ``evidence_rejected`` that took it out, when there is one). The sampled
precision is for the rosters as they were when each sample was drawn, not for the current table; the check says
what became of the judged rows since.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from coalitionlab.display import Summary, Table, clean
from coalitionlab.errors import DataFileError

SAMPLES_DIR = Path(str(resources.files("coalitionlab") / "interventions" / "audit_samples"))
STRATA = ("curated", "mid", "war", "ucdp")
STRATUM_NAMES = {"curated": "curated fact", "mid": "MID record", "war": "COW war record", "ucdp": "UCDP record"}
VERDICTS = ("correct", "wrong")
# the samples in the order they were drawn; a sample not listed here comes after them, by label
ORDER = ("before", "after", "after_fixes", "after_review", "after_hainan_fix", "final")
Z95 = 1.96  # the 97.5% point of the standard normal, as rounded in docs/audit.md
ROW_KEYS = ("intervention_id", "intervention", "ccode", "partner", "stratum", "role", "evidence", "citation", "url",
            "verdict", "reason")
_DRAW = re.compile(r"(\d+) partner rows of (\d+), seed (\d+)")


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``k`` successes in ``n`` trials (95% with the default ``z``); (NaN, NaN)
    when ``n`` is 0."""
    if n == 0:
        return (math.nan, math.nan)
    if not 0 <= k <= n:
        raise ValueError(f"k = {k} successes is not between 0 and n = {n}")
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    # the interval holds p, and is [.., 1] at k = n and [0, ..] at k = 0 (exact, not 1 - 1e-16 by rounding)
    return (0.0 if k == 0 else min(p, centre - half), 1.0 if k == n else max(p, centre + half))


def _precision(rows: pd.DataFrame) -> dict[str, Any]:
    n = len(rows)
    k = int((rows["verdict"] == "correct").sum()) if n else 0
    lo, hi = wilson_interval(k, n)
    return {"rows": n, "correct": k, "precision": k / n if n else math.nan, "ci_low": lo, "ci_high": hi}


@dataclass
class AuditSample:
    """One judged sample: its label, the lines that describe how it was drawn, and its rows (every row of the
    file, judged or not, with the columns of ``ROW_KEYS``; after a check against a data set also
    ``in_partners`` and ``rejected_by``)."""

    label: str
    file: str
    description: list[str]
    rows: pd.DataFrame = field(repr=False)
    population: int | None = None  # partner rows in the data set the sample was drawn from
    seed: int | None = None

    @property
    def judged(self) -> pd.DataFrame:
        return self.rows[self.rows["verdict"].isin(VERDICTS)]

    @property
    def unjudged(self) -> pd.DataFrame:
        return self.rows[~self.rows["verdict"].isin(VERDICTS)]

    def precision(self) -> dict[str, Any]:
        """Rows judged, correct, precision and its Wilson 95% interval."""
        return _precision(self.judged)

    def by_stratum(self) -> pd.DataFrame:
        """The same by stratum (the strata present in the sample, in the order of ``STRATA``)."""
        j = self.judged
        present = [s for s in STRATA if (j["stratum"] == s).any()]
        present += sorted(set(j["stratum"]) - set(STRATA))
        return pd.DataFrame([{"stratum": s, **_precision(j[j["stratum"] == s])} for s in present],
                            columns=["stratum", "rows", "correct", "precision", "ci_low", "ci_high"])

    @property
    def checked(self) -> bool:
        return "in_partners" in self.rows.columns

    def wrong(self) -> pd.DataFrame:
        """The rows judged wrong, with the reason (and, after a check, whether each is fixed)."""
        return self.judged[self.judged["verdict"] == "wrong"]

    def lost(self) -> pd.DataFrame:
        """The rows judged correct that are no longer in the checked partner table (empty before a check)."""
        j = self.judged
        if not self.checked:
            return j.iloc[0:0]
        return j[(j["verdict"] == "correct") & ~j["in_partners"].astype(bool)]

    def to_dict(self) -> dict:
        keys = ["intervention_id", "intervention", "ccode", "partner", "stratum", "role", "reason"]
        if self.checked:
            keys += ["in_partners", "rejected_by"]
        wrong = self.wrong()
        out = {"label": self.label, "file": self.file, "description": self.description,
               "population": self.population, "seed": self.seed, **self.precision(),
               "unjudged": len(self.unjudged),
               "by_stratum": clean(self.by_stratum()),
               "wrong": clean(wrong[keys].assign(status=_status(wrong, "fixed", "not fixed")))
               if self.checked else clean(wrong[keys])}
        if self.checked:
            lost = self.lost()
            out["fixed"] = int((~wrong["in_partners"].astype(bool)).sum())
            out["lost"] = clean(lost[keys])
        return out


def _status(rows: pd.DataFrame, gone: str, there: str) -> list[str]:
    return [there if bool(v) else gone for v in rows["in_partners"]]


@dataclass
class AuditResult:
    """The judged samples of the partner rosters and their precision; with a data set, what became of the judged
    rows (``partner_rows`` is the size of its partner table)."""

    samples: list[AuditSample]
    partner_rows: int | None = None  # None: not checked against a data set

    @property
    def checked(self) -> bool:
        return self.partner_rows is not None

    def sample(self, label: str) -> AuditSample:
        for s in self.samples:
            if s.label == label:
                return s
        raise KeyError(f"no audit sample '{label}'; the samples are {', '.join(s.label for s in self.samples)}")

    def precision(self) -> pd.DataFrame:
        """One row per sample and stratum (stratum ``all`` for the whole sample): rows judged, correct,
        precision, Wilson 95% interval."""
        recs = []
        for s in self.samples:
            recs.append({"sample": s.label, "stratum": "all", **s.precision()})
            recs += [{"sample": s.label, **r} for r in s.by_stratum().to_dict("records")]
        return pd.DataFrame(recs, columns=["sample", "stratum", "rows", "correct", "precision", "ci_low", "ci_high"])

    def wrong_rows(self) -> pd.DataFrame:
        """Every row judged wrong, with its sample and reason (and ``in_partners`` after a check)."""
        parts = [s.wrong().assign(sample=s.label) for s in self.samples]
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    def summary(self) -> Summary:
        last = self.samples[-1] if self.samples else None
        s = Summary("Audit of the partner rosters (sampled precision)", facts=[
            ("Samples", len(self.samples)),
            ("Rows judged", sum(len(x.judged) for x in self.samples))])
        if last is not None:
            p = last.precision()
            s.add_fact(f"Latest sample ('{last.label}')",
                       f"{p['correct']} of {p['rows']} correct, precision {p['precision']:.3f} "
                       f"(Wilson 95% {p['ci_low']:.3f}-{p['ci_high']:.3f})")
        unjudged = sum(len(x.unjudged) for x in self.samples)
        if unjudged:
            s.add_fact("Rows not yet judged (left out of the precision)", unjudged)
        if self.checked:
            wrong = sum(len(x.wrong()) for x in self.samples)
            fixed = sum(int((~x.wrong()["in_partners"].astype(bool)).sum()) for x in self.samples)
            correct = sum(int((x.judged["verdict"] == "correct").sum()) for x in self.samples)
            lost = sum(len(x.lost()) for x in self.samples)
            s.add_fact("Checked against", f"the current partner table ({self.partner_rows} rows)")
            s.add_fact("Rows judged wrong, now out of the table (fixed)", f"{fixed} of {wrong}")
            s.add_fact("Rows judged correct, now out of the table (lost)", f"{lost} of {correct}")

        cols = ["sample", "rows judged", "correct", "precision", "CI low", "CI high", "drawn from (rows)", "seed"]
        recs = []
        for x in self.samples:
            p = x.precision()
            rec = [x.label, p["rows"], p["correct"], p["precision"], p["ci_low"], p["ci_high"], x.population,
                   None if x.seed is None else str(x.seed)]
            if self.checked:
                w = x.wrong()
                rec += [len(w), int((~w["in_partners"].astype(bool)).sum()), len(x.lost())]
            recs.append(rec)
        if self.checked:
            cols += ["wrong", "fixed since", "correct lost since"]
        s.add_table(Table(cols, recs, "Precision by sample (Wilson 95% interval)"))
        prec = self.precision()
        strat = prec[prec["stratum"] != "all"].rename(columns={"ci_low": "CI low", "ci_high": "CI high"})
        s.add_table(strat, "Precision by sample and stratum")

        wrong_cols = ["sample", "intervention", "partner", "stratum", "reason"]
        recs = []
        for x in self.samples:
            w = x.wrong()
            for r, status in zip(w.to_dict("records"),
                                 _status(w, "fixed", "not fixed") if self.checked else [None] * len(w), strict=True):
                rec = [x.label, f"{r['intervention_id']} {r['intervention']}", r["partner"], r["stratum"]]
                if self.checked:
                    rec.append(status + (f" ({r['rejected_by']})" if r.get("rejected_by") else ""))
                recs.append([*rec, r["reason"]])
        if self.checked:
            wrong_cols.insert(4, "now")
        s.add_table(Table(wrong_cols, recs, "Rows judged wrong, with the reviewer's reason"))
        if self.checked:
            recs = [[x.label, f"{r['intervention_id']} {r['intervention']}", r["partner"], r["stratum"],
                     r.get("rejected_by") or ""] for x in self.samples for r in x.lost().to_dict("records")]
            s.add_table(Table(["sample", "intervention", "partner", "stratum", "taken out by rule"], recs,
                              "Rows judged correct that are no longer in the partner table (lost)"))
        s.add_notes([
            "Each sample is a stratified random draw of the partner rows of the data set as it stood then (strata: "
            "the evidence behind the row: " + ", ".join(f"{k} = {v}" for k, v in STRATUM_NAMES.items())
            + "), judged by a reviewer who did not write the rosters: did this state's military take part beside "
            "the U.S. in this intervention (forces, support units or bases)? The precision of a sample is that of "
            "the rosters when it was drawn; the rows judged wrong were then fixed and the next sample drawn.",
            "The precision over all strata weights the strata as the sample drew them (proportional, with at "
            "least five rows per stratum), so it is close to, not exactly, the precision of the whole table.",
            "From 'after_hainan_fix' on, the reviewers were told that the unit is the intervention as MIP dates it "
            "(MIP543 'Odyssey Dawn' runs March-October 2011 and so includes the U.S. part in Unified Protector); "
            "earlier reviewers judged Romania and Sweden in MIP543 wrong by the operation's name, and those rows "
            "stay in the table.",
        ])
        s.add_notes(f"'{x.label}': {' '.join(x.description)}" for x in self.samples if x.description)
        return s

    def to_dict(self) -> dict:
        return {"method": "share of sampled partner rows judged correct, Wilson 95% score interval",
                "strata": dict(STRATUM_NAMES), "checked_against_data": self.checked,
                "partner_rows": self.partner_rows, "samples": [s.to_dict() for s in self.samples]}


# ------------------------------------------------------------------------------------------------------ reading

def _order(path: Path) -> tuple[int, str]:
    label = path.stem.removeprefix("sample_")
    return (ORDER.index(label) if label in ORDER else len(ORDER), label)


def read_sample(path: str | Path) -> AuditSample:
    """One judged sample file (YAML: a list of rows; the ``#`` lines at the top describe the draw)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        rows = yaml.safe_load(text) or []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataFileError(f"audit sample {path} cannot be read: {exc}") from exc
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DataFileError(f"audit sample {path} is not a YAML list of rows")
    for i, r in enumerate(rows, 1):
        absent = [k for k in ("intervention_id", "ccode", "stratum") if r.get(k) is None]
        if absent:
            raise DataFileError(f"audit sample {path}: row {i} has no {', '.join(absent)}")
    # object columns: a missing role, citation or verdict stays None (a string column would make it NaN)
    frame = pd.DataFrame([{k: r.get(k) for k in ROW_KEYS} for r in rows], columns=list(ROW_KEYS), dtype=object)
    frame["ccode"] = frame["ccode"].astype(int)
    description = [ln[2:].strip() for ln in text.splitlines()
                   if ln.startswith("# ") and "Judge each" not in ln]
    m = _DRAW.search(" ".join(description))
    return AuditSample(path.stem.removeprefix("sample_"), path.name, description, frame,
                       int(m.group(2)) if m else None, int(m.group(3)) if m else None)


def read_samples(folder: str | Path | None = None) -> list[AuditSample]:
    """Every ``sample_*.yaml`` of ``folder`` (default: the bundled samples), in the order they were drawn."""
    root = Path(folder) if folder is not None else SAMPLES_DIR
    paths = sorted(root.glob("sample_*.yaml"), key=_order)
    if not paths:
        raise DataFileError(f"no audit samples (sample_*.yaml) in {root}")
    return [read_sample(p) for p in paths]


def _check(sample: AuditSample, partners: pd.DataFrame, rejected: pd.DataFrame | None) -> AuditSample:
    present = set(zip(partners["intervention_id"].astype(str), partners["ccode"].astype(int), strict=True))
    rules: dict[tuple[str, int], str] = {}
    if rejected is not None and len(rejected) and {"intervention_id", "ccode", "rule"} <= set(rejected.columns):
        for (iid, cc), g in rejected.groupby(["intervention_id", "ccode"]):
            rules[(str(iid), int(cc))] = ", ".join(sorted(set(g["rule"].astype(str))))
    rows = sample.rows.copy()
    keys = list(zip(rows["intervention_id"].astype(str), rows["ccode"].astype(int), strict=True))
    rows["in_partners"] = pd.Series([k in present for k in keys], index=rows.index, dtype=bool)
    rows["rejected_by"] = pd.Series([None if k in present else rules.get(k) for k in keys], index=rows.index,
                                    dtype=object)
    return AuditSample(sample.label, sample.file, sample.description, rows, sample.population, sample.seed)


def partner_audit(data: Any = None, *, samples: str | Path | None = None) -> AuditResult:
    """The judged audit samples of the partner rosters and their sampled precision (Wilson 95% intervals),
    overall and by stratum. ``data``: the built data set (a ``CoalitionData``; or a partners DataFrame with
    ``intervention_id`` and ``ccode``) to check each judged row against: fixed (judged wrong, no longer a
    partner row) or lost (judged correct, no longer a partner row). ``samples``: a folder of ``sample_*.yaml``
    files instead of the bundled ones."""
    found = read_samples(samples)
    if data is None:
        return AuditResult(found)
    if isinstance(data, pd.DataFrame):
        partners, rejected = data, None
    else:
        partners, rejected = data.partners, getattr(data, "evidence_rejected", None)
    return AuditResult([_check(s, partners, rejected) for s in found], len(partners))
