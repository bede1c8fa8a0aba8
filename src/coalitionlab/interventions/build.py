"""Build the U.S. coalition intervention data set: interventions, partners, evidence, candidates."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from coalitionlab.display import Summary
from coalitionlab.interventions.candidates import build_candidates
from coalitionlab.interventions.codebook import variable_labels
from coalitionlab.interventions.igo import build_igo
from coalitionlab.interventions.partners import build_partners, collect_evidence, force_partners
from coalitionlab.interventions.roles import assign_roles
from coalitionlab.interventions.success import add_success_objective
from coalitionlab.interventions.tago import match_tago, tago_agreement, tago_by_intervention
from coalitionlab.interventions.universe import load_interventions
from coalitionlab.io import write_table

TABLES = ("interventions", "partners", "candidates", "evidence", "evidence_rejected")


@dataclass
class CoalitionData:
    """The data set: plain DataFrames with documented columns (see the codebook)."""

    interventions: pd.DataFrame
    partners: pd.DataFrame
    evidence: pd.DataFrame
    candidates: pd.DataFrame
    evidence_rejected: pd.DataFrame
    conflicts: pd.DataFrame
    tago: pd.DataFrame
    partners_outside_system: list
    # the bundled data sets the build read (set by interventions.cache.load_dataset; empty when not tracked)
    sources: tuple = ()

    def tago_check(self) -> dict:
        return tago_agreement(self.tago, self.interventions)

    def by_decade(self) -> pd.DataFrame:
        """Interventions, coalitions and the coalition share by decade of the start."""
        iv = self.interventions
        return (iv.groupby(iv["start_year"] // 10 * 10)
                .agg(interventions=("coalition", "size"), coalitions=("coalition", "sum"),
                     share=("coalition", "mean"))
                .rename_axis("decade").reset_index())

    def top_partners(self, n: int = 15) -> pd.DataFrame:
        """The ``n`` states that joined the most U.S. coalitions with forces (combat or support)."""
        from coalitionlab.catalog.countries import country_table

        names = dict(zip(country_table()["ccode"], country_table()["name"], strict=True))
        top = force_partners(self.partners)["ccode"].value_counts().head(n).rename_axis("ccode").reset_index(
            name="coalitions_joined")
        top.insert(1, "state", top["ccode"].map(names))
        return top

    def summary(self) -> Summary:
        """The data set at a glance: counts, coalitions by decade, the most frequent partners, the Tago check."""
        iv, p = self.interventions, self.partners
        chk = self.tago_check()
        s = Summary("The U.S. coalition intervention data set", facts=[
            ("Interventions", len(iv)), ("Years", f"{int(iv.start_year.min())}-{int(iv.start_year.max())}"),
            ("Coalitions (a partner with forces)", int(iv.coalition.sum())),
            ("Coalition share", f"{iv.coalition.mean():.0%}"),
            ("Partner rows", len(p)), ("Partner rows by role", p["role"].value_counts().to_dict()),
            ("Records turned down by the evidence rules", len(self.evidence_rejected)),
            ("Candidate rows", len(self.candidates)),
            ("Tago (2005) check", f"{chk['n_cases_matched']} of {chk['n_tago']} cases matched by hand to "
                                  f"{chk['n_matched']} interventions; coalition flag agrees on "
                                  f"{chk['agreement']:.0%}")])
        s.add_table(self.by_decade(), "Coalitions by decade of the start", digits=2)
        s.add_table(self.top_partners(), "The 15 most frequent partners")
        return s.add_notes(["A coalition has at least one partner with forces (role combat or support); "
                            "basing-only partners count in the coalition_basing variant."])

    def to_dict(self) -> dict:
        """The summary as strict JSON (the tables themselves are written by ``write_dataset``)."""
        return self.summary().to_dict()

    def __str__(self) -> str:
        return self.summary().as_text()

    def _repr_html_(self) -> str:
        return self.summary().as_html()


def build_dataset(progress: Callable[[str], None] | None = None,
                  curated_dir: str | Path | None = None) -> CoalitionData:
    """Build every table from the bundled data and the curated facts (the bundled ones, or those in
    ``curated_dir``: ``partners``, ``exclusions``, ``war_links`` and ``igo_sponsorship`` / ``igo``, each a
    ``NAME.yaml`` file and/or a ``NAME/`` folder of YAML files).

    ``coalition`` and ``coalition_size`` count combat and support partners; ``coalition_basing`` and
    ``coalition_size_basing`` count basing-only partners too (a variant)."""
    step = progress or (lambda _msg: None)
    step("interventions (MIP 2022)")
    iv = add_success_objective(load_interventions(), curated_dir)
    step("partner evidence (MIDs, wars, UCDP, curated)")
    ev = collect_evidence(iv, curated_dir)
    partners, conflicts = build_partners(iv, ev.accepted)
    iv = assign_roles(iv, partners)
    size = force_partners(partners).groupby("intervention_id").size()
    iv["coalition_size"] = iv["intervention_id"].map(size).fillna(0).astype(int)
    iv["coalition"] = (iv["coalition_size"] > 0).astype(int)
    size_all = partners.groupby("intervention_id").size()
    iv["coalition_size_basing"] = iv["intervention_id"].map(size_all).fillna(0).astype(int)
    iv["coalition_basing"] = (iv["coalition_size_basing"] > 0).astype(int)
    step("Tago 2005 match and IGO sponsorship")
    tago = match_tago(iv)
    iv = iv.merge(build_igo(iv, tago, curated_dir), on="intervention_id", how="left")
    tago_flag = tago_by_intervention(tago)["coalitional_use_of_force"]
    iv["tago_coalition"] = iv["intervention_id"].map(tago_flag).astype("Int8")
    step("candidates and covariates")
    candidates, lost = build_candidates(iv, partners, iv)
    return CoalitionData(iv, partners, ev.accepted, candidates, ev.rejected, conflicts, tago, sorted(lost))


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """Lists become semicolon-separated text, for CSV and Stata."""
    out = df.copy()
    for col in out.columns:
        values = out[col].tolist()
        if any(isinstance(v, list | tuple) for v in values):
            out[col] = pd.Series([";".join(str(x) for x in v) if isinstance(v, list | tuple) else v for v in values],
                                 index=out.index, dtype="string")
    return out


_CODE_LIST = re.compile(r"^[a-z_]+(?: ?/ ?[a-z_]+)+$")


def stata_coded(df: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, dict[int, str]]]:
    """The table for Stata: coded text variables (the codebook's unit lists the codes, e.g.
    ``combat/support/basing``) become integers 1..k labelled with the codes, as Stata's ``encode`` does. 0/1
    indicators keep plain numbers (their variable label says what 1 means). Returns the table and its value
    labels."""
    from coalitionlab.interventions.codebook import codebook

    book = codebook()
    out, labels = df.copy(), {}
    for col in df.columns:
        unit = str(book.get(col, {}).get("unit", "")).strip()
        if unit != "0/1" and _CODE_LIST.match(unit) and not pd.api.types.is_numeric_dtype(df[col]):
            codes = [c.strip() for c in unit.split("/")]
            values = df[col].dropna()
            if len(values) and set(values.astype(str)) <= set(codes):
                out[col] = df[col].map({c: i for i, c in enumerate(codes, 1)}).astype("Int8")
                labels[col] = dict(enumerate(codes, 1))
    return out, labels


def write_dataset(data: CoalitionData, out_dir: str | Path, sources: Iterable[str] | None = None,
                  command: str | None = None) -> list[Path]:
    """Write each table as Parquet, CSV and Stata .dta into ``out_dir``: the Stata files with variable labels,
    value labels (:func:`stata_coded`), a data label, notes and integer types; with
    ``sources.bib`` (BibTeX of coalitionlab and of every bundled data set the build read: ``sources``, else
    ``data.sources``) and ``metadata.json`` (package version, data version, commit, command, sources, tables).

    Each file is written atomically; for a whole folder that is replaced at once use
    :func:`coalitionlab.io.atomic_dir` around this call (``coalitionlab build`` does)."""
    from coalitionlab.catalog.cite import bibtex_file_text, provenance
    from coalitionlab.io import MARKER, json_dumps, write_text

    out_dir = Path(out_dir)
    labels = variable_labels()
    used = sorted(set(sources if sources is not None else getattr(data, "sources", ()) or ()))
    meta = provenance(command or "coalitionlab build", used)
    written = []
    notes = [f"Written by coalitionlab {meta['version']} (data version {meta['data_version']}, commit "
             f"{meta['commit'] or 'n/a'}) on {meta['created']}.", f"Command: {meta['command']}",
             f"Sources: {', '.join(used) or 'see sources.bib'}; cite them (sources.bib beside this file).",
             "Codebook: `coalitionlab codebook VARIABLE` or docs/codebook.md."]
    for name in TABLES:
        df = getattr(data, name)
        written.append(write_table(df, out_dir / f"{name}.parquet", notes=notes,
                                   metadata={"coalitionlab": json_dumps(meta)}))
        flat = _flat(df)
        written.append(write_table(flat, out_dir / f"{name}.csv"))
        coded, values = stata_coded(flat)
        written.append(write_table(coded, out_dir / f"{name}.dta", variable_labels=labels, value_labels=values,
                                   data_label=f"U.S. coalition intervention data set: {name} (coalitionlab)",
                                   notes=notes))
    written.append(write_text(out_dir / "sources.bib", bibtex_file_text(used, meta["command"])))
    meta["tables"] = {name: {"rows": len(getattr(data, name)), "columns": list(getattr(data, name).columns)}
                      for name in TABLES}
    written.append(write_text(out_dir / "metadata.json", json_dumps(meta)))
    write_text(out_dir / MARKER, "This folder was written by coalitionlab; `--force` may replace it.\n")
    return written
