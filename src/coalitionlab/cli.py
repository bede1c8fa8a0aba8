"""The `coalitionlab` command."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from coalitionlab.errors import BadInputError
from coalitionlab.io import json_dumps
from coalitionlab.panels.cli import panel_app

app = typer.Typer(help="coalitionlab: data, models and tools for research on U.S. military coalitions.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
data_app = typer.Typer(help="The bundled data sets: list, describe, cite, verify, download.",
                       no_args_is_help=True)
app.add_typer(data_app, name="data")
app.add_typer(panel_app, name="panel", help="State-year and dyad-year panels with add_* covariates.")
console = Console()
err = Console(stderr=True)


def _echo_json(obj) -> None:
    sys.stdout.write(json_dumps(obj) + "\n")


@data_app.command("list")
def data_list(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List every bundled data set with its version, coverage and terms."""
    from coalitionlab.catalog import registry

    reg = registry()
    if as_json:
        _echo_json([ds.as_dict() for ds in reg.values()])
        return
    table = Table(title=f"{len(reg)} bundled data sets")
    for col in ("name", "data set", "version", "coverage", "terms"):
        table.add_column(col, overflow="fold")
    for ds in reg.values():
        cov = f"{ds.coverage_start}-{ds.coverage_end}" if ds.coverage_start else ""
        table.add_row(ds.name, ds.dataset, ds.version, cov, ds.terms)
    console.print(table)


@data_app.command("info")
def data_info(name: str) -> None:
    """Everything known about one data set: source, citation, terms, coverage, file, checksum, columns."""
    from coalitionlab.catalog import get, load_table

    ds = get(name)
    info = ds.as_dict()
    if not ds.file.endswith(".json"):
        t = load_table(name)
        info["rows"] = t.num_rows
        info["columns"] = t.column_names
    for key, value in info.items():
        if value not in (None, ""):
            console.print(f"[bold]{key}[/bold]: {value}", highlight=False)


@data_app.command("cite")
def data_cite(names: list[str],
              bibtex: Annotated[bool, typer.Option("--bibtex", help="Print BibTeX entries.")] = False) -> None:
    """Citations of one or more data sets."""
    from coalitionlab.catalog import get

    datasets = [get(n) for n in names]  # fail on any unknown name before printing
    for ds in datasets:
        sys.stdout.write((ds.bibtex if bibtex else ds.citation) + "\n\n")


@data_app.command("verify")
def data_verify() -> None:
    """Check every bundled file against its recorded sha256."""
    from coalitionlab.catalog import verify_all

    results = verify_all()
    bad = {k: v for k, v in results.items() if v}
    for name, problem in bad.items():
        err.print(f"[red]FAILED[/red] {name}: {problem}", highlight=False)
    if bad:
        err.print(f"{len(bad)} of {len(results)} bundled files failed verification.")
        raise typer.Exit(2)
    console.print(f"All {len(results)} bundled files match their sha256.")


@data_app.command("download")
def data_download(
    name: str,
    url: Annotated[str | None, typer.Option(help="Override the canonical download address.")] = None,
    sha256: Annotated[str | None, typer.Option(help="Expected sha256 of the file.")] = None,
    cache: Annotated[Path | None, typer.Option(help="Cache folder (default: user cache).")] = None,
) -> None:
    """Download the full upstream version of a data set into the user cache (optional; needs network)."""
    from coalitionlab.catalog.download import download
    from coalitionlab.catalog.registry import file_sha256

    path = download(name, url=url, sha256=sha256, cache=cache)
    console.print(f"{name}: {path} (sha256 {file_sha256(path)})", highlight=False)


@app.command("country")
def country(
    name: str,
    year: Annotated[int | None, typer.Option(help="Resolve the code in use in this year.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Resolve a country name or code: COW, Gleditsch-Ward and ISO codes, regions, system membership."""
    from coalitionlab.catalog import countries

    rec = countries.resolve(name, year)
    info = rec.as_dict()
    info["cow_region"] = countries.cow_region(rec.ccode) if rec.ccode else None
    info.update({f"un_{k}": v for k, v in countries.un_region(rec.ccode).items()})
    info["cow_membership"] = countries.membership_years(rec.ccode)
    if as_json:
        _echo_json(info)
        return
    for key, value in info.items():
        console.print(f"[bold]{key}[/bold]: {value}", highlight=False)


def _build_summary(data) -> None:
    from coalitionlab.catalog.countries import country_table
    from coalitionlab.interventions.partners import force_partners

    iv = data.interventions
    names = dict(zip(country_table()["ccode"], country_table()["name"], strict=True))
    console.print(f"{len(iv)} interventions {iv.start_year.min()}-{iv.start_year.max()}, "
                  f"{int(iv.coalition.sum())} coalitions ({iv.coalition.mean():.0%}), "
                  f"{len(data.partners)} partner rows, {len(data.candidates):,} candidate rows.")
    decade = (iv["start_year"] // 10 * 10).rename("decade")
    table = Table(title="Share of interventions that were coalitions, by decade")
    for col in ("decade", "interventions", "coalitions", "share"):
        table.add_column(col, justify="right")
    for d, g in iv.groupby(decade):
        table.add_row(f"{d}s", str(len(g)), str(int(g.coalition.sum())), f"{g.coalition.mean():.0%}")
    console.print(table)
    top = force_partners(data.partners)["ccode"].value_counts().head(15)
    table = Table(title="The 15 most frequent partners")
    for col in ("ccode", "state", "interventions joined"):
        table.add_column(col)
    for c, n in top.items():
        table.add_row(str(c), names.get(int(c), "?"), str(n))
    console.print(table)
    chk = data.tago_check()
    console.print(f"Tago 2005 check: {chk['n_cases_matched']} of {chk['n_tago']} cases matched by hand to "
                  f"{chk['n_matched']} interventions; our coalition flag agrees on {chk['agreement']:.0%}.")


@app.command("build")
def build(
    out: Annotated[Path, typer.Option(help="Output folder for the tables.")] = Path("out/dataset"),
    curated: Annotated[Path | None, typer.Option(
        help="Folder with your own curated facts: partners, exclusions, war_links, igo_sponsorship (each a NAME.yaml "
             "file or a NAME/ folder of YAML files); default: the bundled facts.")] = None,
) -> None:
    """Build the U.S. coalition intervention data set (interventions, partners, candidates, evidence)."""
    from rich.progress import Progress

    from coalitionlab.interventions.build import build_dataset, write_dataset

    t0 = time.perf_counter()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("building", total=5)

        def step(msg: str) -> None:
            progress.update(task, advance=1, description=msg)

        data = build_dataset(step, curated_dir=curated)
        step("writing Parquet, CSV and Stata files")
        written = write_dataset(data, out)
    _build_summary(data)
    console.print(f"Wrote {len(written)} files to {out} in {time.perf_counter() - t0:.1f} s.", highlight=False)


@app.command("codebook")
def codebook_cmd(
    variable: Annotated[str | None, typer.Argument(help="A variable name; all when omitted.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the whole codebook as Markdown.")] = False,
) -> None:
    """The codebook of the coalition intervention data set."""
    from coalitionlab.interventions.codebook import codebook, entry, render_markdown

    if markdown:
        sys.stdout.write(render_markdown())
        return
    if variable:
        e = entry(variable)
        console.print(f"[bold]{variable}[/bold]: {e.get('label', '')}", highlight=False)
        for key in ("table", "definition", "unit", "source", "coverage", "rule"):
            if e.get(key):
                console.print(f"  {key}: {e[key]}", highlight=False)
        return
    table = Table(title="Codebook")
    for col in ("variable", "table", "label"):
        table.add_column(col, overflow="fold")
    for name, e in codebook().items():
        table.add_row(name, str(e.get("table", "")), str(e.get("label", "")))
    console.print(table)


def _fmt(v, digits: int = 3) -> str:
    try:
        return f"{float(v):.{digits}f}"
    except (TypeError, ValueError):
        return str(v)


def _print_report(report) -> None:
    main = report.main
    table = Table(title=f"{report.title}: {main.method}, N = {main.n}"
                  + (f", {main.n_clusters} clusters" if main.n_clusters else "")
                  + f", pseudo-R2 = {_fmt(main.pseudo_r2)}, AIC = {_fmt(main.aic, 1)}")
    for col in ("term", "coef", "se", "p", "95% CI", "AME", "AME 95% CI"):
        table.add_column(col, justify="right" if col != "term" else "left")
    ame = report.ame.set_index("term")
    for r in main.table().itertuples():
        a = ame.loc[r.term] if r.term in ame.index else None
        table.add_row(r.term, _fmt(r.coef), _fmt(r.se), _fmt(r.p), f"[{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]",
                      _fmt(a["ame"]) if a is not None else "",
                      f"[{_fmt(a['ci_low'])}, {_fmt(a['ci_high'])}]" if a is not None else "")
    console.print(table)
    for name, sample in report.samples.items():
        reasons = ", ".join(f"{k} {v}" for k, v in sample.get("dropped_by_reason", {}).items()) or "none"
        imputed = sample.get("imputed_by_column")
        console.print(f"  sample {name}: {sample['used']} of {sample['rows']} rows used, {sample['dropped']} "
                      f"dropped ({reasons})" + ("; imputed: " + (", ".join(f"{k} {v}" for k, v in imputed.items())
                                                                  or "none") if imputed is not None else ""),
                      highlight=False)
    for name, v in report.variants.items():
        info = report.variant_info.get(name)
        console.print(f"  variant {name} ({info.description if info else ''}): {v.method}, N = {v.n}, "
                      f"SEs {v.cov_type}; "
                      + ", ".join(f"{t} {_fmt(c)} ({_fmt(p)})" for t, c, p in
                                  zip(v.params.index, v.params, v.pvalues, strict=True)
                                  if not str(t).startswith("fe_"))[:600], highlight=False)
    if report.cv is not None:
        console.print(f"  grouped {report.cv.n_splits}-fold CV by intervention: AUC {report.cv.auc:.3f}, "
                      f"Brier {report.cv.brier:.4f}, N {report.cv.n}", highlight=False)
    for note in report.notes:
        console.print(f"  note: {note}", highlight=False)


@app.command("fit")
def fit(
    question: Annotated[str, typer.Argument(help="q1 (coalition use), q2 (joining), q3 (success) or all.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Fit the models of one question (or all) on the bundled data."""
    from coalitionlab.interventions.build import build_dataset
    from coalitionlab.models import QUESTIONS, fit_question

    keys = list(QUESTIONS) if question == "all" else [question]
    if any(k not in QUESTIONS for k in keys):
        raise BadInputError(f"Unknown question '{question}': use q1, q2, q3 or all.")
    data = build_dataset()
    reports = [fit_question(data, k) for k in keys]
    if as_json:
        _echo_json([r.to_dict() for r in reports])
        return
    for r in reports:
        _print_report(r)


@app.command("findings")
def findings(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    robust: Annotated[bool, typer.Option("--robustness/--no-robustness",
                                         help="Re-judge each verdict across the alternative specifications "
                                              "(about half a minute).")] = True,
) -> None:
    """The scorecard: each RAND finding (F1-F12), each part's estimate, and verdicts from fixed rules, with
    Holm-adjusted p-values and how many alternative specifications keep each verdict."""
    from coalitionlab.findings import robustness, scorecard
    from coalitionlab.interventions.build import build_dataset
    from coalitionlab.models import fit_all

    reports = fit_all(build_dataset(), cv=False)
    rob = robustness(reports) if robust else None
    card = scorecard(reports, rob)
    if as_json:
        out = card.drop(columns=["parts"]).assign(parts=card["parts"]).to_dict(orient="records")
        if rob is not None:
            for row in out:
                row["specifications"] = rob[rob["id"] == row["id"]].drop(columns="id").to_dict(orient="records")
        _echo_json(out)
        return
    table = Table(title="RAND RR-A859-1 findings checked against the data")
    for col in ("id", "part (claimed sign)", "estimate", "95% CI", "p (Holm)", "N", "part verdict", "finding",
                "robust"):
        table.add_column(col, overflow="fold")
    colors = {"supported": "green", "contrary": "red", "not supported": "yellow", "not testable": "dim",
              "partly supported": "cyan", "mixed": "magenta"}
    for r in card.itertuples():
        for i, p in enumerate(r.parts):
            sign = {1: "+", -1: "-", 0: "0"}[p["direction"]]
            robust_cell = ""
            if i == 0 and rob is not None:
                robust_cell = f"{int(r.specs_held)}/{int(r.specs_total)}" + (" [red]fragile[/]" if r.fragile else "")
            table.add_row(r.id if i == 0 else "", f"{p['term']} ({sign})", _fmt(p["estimate"]),
                          f"[{_fmt(p['ci_low'])}, {_fmt(p['ci_high'])}]",
                          f"{_fmt(p['p'])} ({_fmt(p['p_holm'])})", str(p["n"]),
                          f"[{colors[p['verdict']]}]{p['verdict']}[/]",
                          f"[{colors[r.verdict]}]{r.verdict}[/]" if i == 0 else "", robust_cell)
    console.print(table)
    console.print("Estimates: average marginal effects on the probability (coefficients where a model has none). "
                  "F9 is an equivalence test with a margin of 10 percentage points. Robust = specifications in "
                  "which the verdict holds; fragile below 80%.", highlight=False)


@app.command("commitments")
def commitments_cmd(
    year: Annotated[int, typer.Option(help="Year, 1946-2018 (ATOP 5.1; treaty conditions to 2016).")],
    partner: Annotated[str | None, typer.Option(help="One partner (name or COW code).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """U.S. security commitments in a year: type, direction and conditions of each pact, and partnerships."""
    from coalitionlab.entanglement import commitments

    result = commitments(year, partner)
    if as_json:
        _echo_json(result.to_dict())
        return
    sys.stdout.write(result.summary() + "\n")


@app.command("exposure")
def exposure_cmd(
    year: Annotated[int, typer.Option(help="Year, 1946-2024 (commitments to 2018, then 2018's; MIDs to 2014).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Entanglement exposure of every U.S. commitment in a year: partners' recent disputes, conflicts, rivalries."""
    from coalitionlab.entanglement.exposure import exposure

    result = exposure(year)
    if as_json:
        _echo_json(result.to_dict())
        return
    sys.stdout.write(result.summary() + "\n")


@app.command("cases")
def cases_cmd(
    file: Annotated[list[Path] | None, typer.Option("--file", help="Your case file(s) (YAML) instead of the "
                                                     "bundled library.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The entanglement case library (or your case files, checked): cases, mechanisms, outcomes, sources."""
    from coalitionlab.entanglement.cases import case_library

    result = case_library(file or None)
    if as_json:
        _echo_json(result.to_dict())
        return
    sys.stdout.write(result.summary() + "\n")


@app.command("demo")
def demo(out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out")) -> None:
    """The main job on the bundled data: verify the data, build the coalition data set, fit the models,
    score RAND's findings, and write a report."""
    from coalitionlab.catalog import verify_all
    from coalitionlab.report.main_job import run_main_job

    t0 = time.perf_counter()
    bad = {k: v for k, v in verify_all().items() if v}
    if bad:
        raise BadInputError("Bundled data failed verification: " + "; ".join(bad.values()))
    with console.status("running") as status:
        written = run_main_job(out, progress=lambda m: status.update(m))
    console.print(f"Done in {time.perf_counter() - t0:.1f} s. Report: {written['report']}", highlight=False)
    for key, path in written.items():
        console.print(f"  {key}: {path}", highlight=False)


def main() -> None:
    """Entry point: bad input prints a message and exits 2; nothing else is swallowed."""
    try:
        app()
    except BadInputError as exc:
        err.print(f"error: {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
