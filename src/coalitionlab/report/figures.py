"""Figures of the HTML report: each one a plotly figure (plain JSON: traces and layout, drawn in the page by the
plotly.js served from the report folder) and the same figure as a static SVG drawn with matplotlib, for papers
and slides.

The figures only show numbers that the results give (their ``to_dict()`` records or their own tables); the one
exception is the per-year histogram, where plotly.js (and matplotlib for the SVG) bins the start years.
Static images: plotly's own export needs kaleido and a headless browser, which an offline laptop may not have;
matplotlib draws the few trace kinds used here (bar, histogram, scatter with error bars, lines, choropleth on
the bundled Natural Earth TopoJSON) with no browser, and its SVG output is made byte-stable (no date, fixed
hash salt, text kept as text).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

VERDICT_COLOURS = {"supported": "#1a9850", "partly supported": "#fdae61", "not supported": "#d73027",
                   "contradicted": "#7b3294", "untestable": "#999999", "not testable": "#999999"}
BLUE, GREY, ORANGE = "#2c7fb8", "#bdbdbd", "#f46d43"
SCALE_BLUE = [[0, "#deebf7"], [1, "#08306b"]]
SCALE_ORANGE = [[0, "#fee6ce"], [1, "#a63603"]]
ASSETS = resources.files("coalitionlab") / "report" / "assets"


@dataclass
class Figure:
    """One figure: a fixed id (the file name and the page's div id), a title, plotly traces and layout."""

    id: str
    title: str
    data: list[dict]
    layout: dict = field(default_factory=dict)
    caption: str = ""

    def plotly_json(self) -> str:
        layout = {"title": {"text": self.title}, "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
                  "template": None, **self.layout}
        return json.dumps({"data": self.data, "layout": layout}, sort_keys=True, separators=(",", ":"),
                          allow_nan=False)

    def svg(self) -> str:
        return render_svg(self)


# ---------------------------------------------------------------------------------------------------- builders

def steps(colours: list[str]) -> list[list]:
    """A discrete plotly colour scale: one flat band per category (values 0..k-1 with zmin -0.5, zmax k-0.5)."""
    k = len(colours)
    out: list[list] = []
    for i, c in enumerate(colours):
        out += [[round(i / k, 6), c], [round((i + 1) / k, 6), c]]
    return out


def histogram(fid: str, title: str, groups: dict[str, list[float]], xtitle: str, ytitle: str = "count",
              colours: tuple[str, ...] = (BLUE, GREY), caption: str = "") -> Figure:
    """Stacked histograms with bins of width 1 (e.g. interventions per start year, coalitions and the rest)."""
    data = [{"type": "histogram", "name": name, "x": list(values), "xbins": {"size": 1},
             "marker": {"color": colours[i % len(colours)]}} for i, (name, values) in enumerate(groups.items())]
    return Figure(fid, title, data, {"barmode": "stack", "xaxis": {"title": {"text": xtitle}},
                                     "yaxis": {"title": {"text": ytitle}}}, caption)


def bars(fid: str, title: str, categories: list, series: dict[str, list[float]], xtitle: str = "",
         ytitle: str = "", horizontal: bool = False, stack: bool = False, caption: str = "",
         colours: tuple[str, ...] = (BLUE, GREY, ORANGE, "#7fbc41")) -> Figure:
    data = []
    for i, (name, values) in enumerate(series.items()):
        x, y = (list(values), list(categories)) if horizontal else (list(categories), list(values))
        data.append({"type": "bar", "name": name, "x": x, "y": y, "orientation": "h" if horizontal else "v",
                     "marker": {"color": colours[i % len(colours)]}})
    layout = {"barmode": "stack" if stack else "group", "xaxis": {"title": {"text": xtitle}},
              "yaxis": {"title": {"text": ytitle}}}
    if horizontal:
        layout["yaxis"]["autorange"] = "reversed"
        layout["height"] = max(300, 22 * len(categories) + 100)
        layout["margin"] = {"l": 160, "r": 20, "t": 50, "b": 50}
    return Figure(fid, title, data, layout, caption)


def intervals(fid: str, title: str, rows: list[dict], xtitle: str, colour_key: str | None = None,
              colours: dict[str, str] | None = None, zero: float | None = 0.0, caption: str = "") -> Figure:
    """Point estimates with 95% intervals, one row each: rows have label, estimate, low, high and optionally a
    group (``colour_key``) that sets the colour; one trace per group, in order of first appearance."""
    groups: dict[str, list[dict]] = {}
    for r in rows:
        groups.setdefault(str(r.get(colour_key, "")) if colour_key else "", []).append(r)
    data = []
    for i, (g, rs) in enumerate(groups.items()):
        colour = (colours or {}).get(g, (BLUE, ORANGE, GREY)[i % 3])
        data.append({"type": "scatter", "mode": "markers", "name": g or "estimate", "showlegend": bool(g),
                     "x": [r["estimate"] for r in rs], "y": [r["label"] for r in rs],
                     "error_x": {"type": "data", "symmetric": False,
                                 "array": [r["high"] - r["estimate"] for r in rs],
                                 "arrayminus": [r["estimate"] - r["low"] for r in rs]},
                     "marker": {"color": colour, "size": 8}})
    labels = [r["label"] for r in rows]
    layout = {"xaxis": {"title": {"text": xtitle}, "zeroline": True},
              "yaxis": {"autorange": "reversed", "type": "category", "categoryorder": "array",
                        "categoryarray": labels},
              "height": max(300, 24 * len(labels) + 110), "margin": {"l": 230, "r": 20, "t": 50, "b": 50}}
    if zero is not None:
        layout["shapes"] = [{"type": "line", "x0": zero, "x1": zero, "yref": "paper", "y0": 0, "y1": 1,
                             "line": {"color": "#666", "width": 1, "dash": "dot"}}]
    return Figure(fid, title, data, layout, caption)


def timeline(fid: str, title: str, groups: dict[str, list[dict]], caption: str = "",
             colours: tuple[str, ...] = (BLUE, GREY)) -> Figure:
    """One horizontal line per item from ``start`` to ``end`` (years), stacked by row ``y``; hover shows name."""
    data = []
    for i, (g, items) in enumerate(groups.items()):
        x: list[Any] = []
        y: list[Any] = []
        text: list[Any] = []
        for it in items:
            x += [it["start"], it["end"] + 0.9, None]
            y += [it["y"], it["y"], None]
            text += [it["name"], it["name"], None]
        data.append({"type": "scatter", "mode": "lines", "name": g, "x": x, "y": y, "text": text,
                     "hoverinfo": "text", "line": {"color": colours[i % len(colours)], "width": 3}})
    return Figure(fid, title, data, {"xaxis": {"title": {"text": "year"}},
                                     "yaxis": {"title": {"text": "intervention (by start)"}, "showticklabels": False},
                                     "height": 520}, caption)


def lines(fid: str, title: str, x: list, series: dict[str, list[float | None]], xtitle: str, ytitle: str,
          caption: str = "") -> Figure:
    colours = (BLUE, ORANGE, GREY, "#7fbc41", "#8073ac")
    data = [{"type": "scatter", "mode": "lines+markers", "name": name, "x": list(x), "y": list(v),
             "line": {"color": colours[i % len(colours)]}} for i, (name, v) in enumerate(series.items())]
    return Figure(fid, title, data, {"xaxis": {"title": {"text": xtitle}, "type": "category"},
                                     "yaxis": {"title": {"text": ytitle}}}, caption)


def world_map(fid: str, title: str, iso3: list[str], values: list[float], names: list[str], colorbar: str,
              colorscale: str | list = "Blues", zmin: float | None = None, zmax: float | None = None,
              categories: list[str] | None = None, caption: str = "") -> Figure:
    """A choropleth of states by ISO-3 code on the bundled world TopoJSON (110m). With ``categories``, values
    are category indices 0..k-1 and the colour bar is labelled with the categories."""
    trace: dict[str, Any] = {"type": "choropleth", "locationmode": "ISO-3", "locations": list(iso3),
                             "z": list(values), "text": list(names), "colorscale": colorscale,
                             "colorbar": {"title": {"text": colorbar}}, "marker": {"line": {"width": 0.3}},
                             "hovertemplate": "%{text}: %{z}<extra></extra>"}
    if zmin is not None:
        trace["zmin"] = zmin
    if zmax is not None:
        trace["zmax"] = zmax
    if categories:
        trace["colorbar"].update({"tickvals": list(range(len(categories))), "ticktext": categories})
        trace["hovertemplate"] = "%{text}<extra></extra>"
        trace["text"] = [f"{n}: {categories[int(v)]}" for n, v in zip(names, values, strict=True)]
    layout = {"geo": {"projection": {"type": "natural earth"}, "showframe": False, "showcoastlines": True,
                      "showcountries": True, "countrycolor": "#999", "resolution": 110},
              "height": 480, "margin": {"l": 0, "r": 0, "t": 50, "b": 0}}
    return Figure(fid, title, [trace], layout, caption)


# ------------------------------------------------------------------------------------------------ static SVG

@cache
def world_shapes() -> dict[str, list[list[tuple[float, float]]]]:
    """Country outlines (lon, lat rings) by ISO-3 id, decoded from the bundled world_110m TopoJSON."""
    topo = json.loads((ASSETS / "world_110m.json").read_text())
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(indices: list[int]) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for i in indices:
            a = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(a if not pts else a[1:])
        return pts

    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g.get("arcs", []) if g["type"] == "MultiPolygon" else []
        rings = (ring(r) for poly in polys for r in poly)
        # a ring that crosses the antimeridian (Fiji, Chukotka) would streak across a flat map: left out
        shapes.setdefault(str(g.get("id")), []).extend(
            r for r in rings if all(abs(a[0] - b[0]) < 180 for a, b in zip(r, r[1:], strict=False)))
    return shapes


def _cmap(name: Any):
    from matplotlib import colormaps
    from matplotlib.colors import LinearSegmentedColormap

    if isinstance(name, list):
        return LinearSegmentedColormap.from_list("custom", [(float(s), c) for s, c in name])
    return colormaps.get(str(name), colormaps["Blues"])


def render_svg(fig: Figure) -> str:
    """The figure drawn with matplotlib as SVG text (byte-stable for the same figure)."""
    import matplotlib
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure as MplFigure

    matplotlib.rcParams["svg.hashsalt"] = "coalitionlab"
    matplotlib.rcParams["svg.fonttype"] = "none"
    lay = fig.layout
    height = lay.get("height", 420) / 100
    mfig = MplFigure(figsize=(9, min(max(height, 3.5), 14)))
    ax = mfig.add_subplot()
    ax.set_title(fig.title, fontsize=11)
    for t in fig.data:
        kind = t["type"]
        colour = t.get("marker", {}).get("color") or t.get("line", {}).get("color")
        if kind == "choropleth":
            shapes = world_shapes()
            cmap = _cmap(t.get("colorscale", "Blues"))
            z = [v for v in t["z"] if v is not None]
            lo = t.get("zmin", min(z) if z else 0)
            hi = t.get("zmax", max(z) if z else 1)
            values = dict(zip(t["locations"], t["z"], strict=True))
            polys, faces = [], []
            for iso, rings in sorted(shapes.items()):
                v = values.get(iso)
                face = cmap((v - lo) / (hi - lo) if hi > lo else 1.0) if v is not None else "#f0f0f0"
                for r in rings:
                    polys.append(r)
                    faces.append(face)
            ax.add_collection(PolyCollection(polys, facecolors=faces, edgecolors="#888", linewidths=0.2))
            ax.set_xlim(-180, 180)
            ax.set_ylim(-60, 85)
            ax.set_aspect("equal")
            ax.set_axis_off()
            from matplotlib.cm import ScalarMappable
            from matplotlib.colors import Normalize

            sm = ScalarMappable(Normalize(lo, hi), cmap)
            cb = mfig.colorbar(sm, ax=ax, shrink=0.6)
            bar = t.get("colorbar", {})
            cb.set_label(bar.get("title", {}).get("text", ""))
            if "ticktext" in bar:
                cb.set_ticks(bar["tickvals"], labels=bar["ticktext"])
        elif kind == "histogram":
            pass  # drawn together below
        elif kind == "bar":
            n = len(fig.data)
            i = fig.data.index(t)
            stacked = lay.get("barmode") == "stack"
            if t.get("orientation") == "h":
                pos = range(len(t["y"]))
                offs = 0 if stacked or n == 1 else (i - (n - 1) / 2) * 0.8 / n
                left = [0.0] * len(t["x"]) if not stacked else _stack_base(fig, i, "x")
                ax.barh([p + offs for p in pos], t["x"], height=0.8 / (1 if stacked else n), left=left,
                        color=colour, label=t["name"])
                ax.set_yticks(list(pos), [str(v) for v in t["y"]], fontsize=8)
                ax.invert_yaxis() if i == 0 else None
            else:
                pos = range(len(t["x"]))
                offs = 0 if stacked or n == 1 else (i - (n - 1) / 2) * 0.8 / n
                bottom = [0.0] * len(t["y"]) if not stacked else _stack_base(fig, i, "y")
                ax.bar([p + offs for p in pos], t["y"], width=0.8 / (1 if stacked else n), bottom=bottom,
                       color=colour, label=t["name"])
                ax.set_xticks(list(pos), [str(v) for v in t["x"]], fontsize=8)
        elif kind == "scatter" and "error_x" in t:
            order = lay.get("yaxis", {}).get("categoryarray") or t["y"]
            ys = [order.index(v) for v in t["y"]]  # positions in the page's order, not matplotlib's own
            ex = t["error_x"]
            ax.errorbar(t["x"], ys, xerr=[ex["arrayminus"], ex["array"]], fmt="o", color=colour, ms=4,
                        label=t["name"] if t.get("showlegend", True) else None)
        elif kind == "scatter":
            x = [float("nan") if v is None else v for v in t["x"]]
            y = [float("nan") if v is None else v for v in t["y"]]
            ax.plot(x, y, "-" if t.get("mode") == "lines" else "-o", color=colour, label=t["name"],
                    lw=t.get("line", {}).get("width", 1.5))
    hists = [t for t in fig.data if t["type"] == "histogram"]
    if hists:
        xs = [v for t in hists for v in t["x"]]
        bins = range(int(min(xs)), int(max(xs)) + 2) if xs else 1
        ax.hist([t["x"] for t in hists], bins=bins, stacked=True, color=[t["marker"]["color"] for t in hists],
                label=[t["name"] for t in hists])
    if any(t["type"] == "scatter" and "error_x" in t for t in fig.data):
        labels = lay.get("yaxis", {}).get("categoryarray")
        if labels:
            ax.set_yticks(range(len(labels)), labels, fontsize=8)
            ax.set_ylim(len(labels) - 0.5, -0.5)
        for s in lay.get("shapes", []):
            ax.axvline(s["x0"], color="#666", lw=0.8, ls=":")
    if not any(t["type"] == "choropleth" for t in fig.data):
        ax.set_xlabel(lay.get("xaxis", {}).get("title", {}).get("text", ""))
        ax.set_ylabel(lay.get("yaxis", {}).get("title", {}).get("text", ""))
        if lay.get("yaxis", {}).get("showticklabels") is False:
            ax.set_yticks([])
        if len(fig.data) > 1 or any(t.get("showlegend") for t in fig.data):
            ax.legend(fontsize=8, frameon=False)
    # fixed margins instead of tight_layout (which draws the figure once more: half the time of the report)
    labels = [str(v) for t in fig.data if t["type"] != "choropleth" for v in
              (t.get("y", []) if (t.get("orientation") == "h" or "error_x" in t) else [])]
    width = max((len(v) for v in labels), default=4)
    if any(t["type"] == "choropleth" for t in fig.data):
        wide = any("ticktext" in t.get("colorbar", {}) for t in fig.data)
        mfig.subplots_adjust(left=0.02, right=0.72 if wide else 0.9, top=0.92, bottom=0.04)
    else:
        mfig.subplots_adjust(left=min(0.5, (0.065 * width + 0.7) / 9), right=0.97, top=0.92,
                             bottom=min(0.3, 0.9 / mfig.get_figheight()))
    buf = io.StringIO()
    mfig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def _stack_base(fig: Figure, i: int, axis: str) -> list[float]:
    base = [0.0] * len(fig.data[i][axis])
    for t in fig.data[:i]:
        base = [b + (v or 0) for b, v in zip(base, t[axis], strict=True)]
    return base


# ------------------------------------------------------------------------------------------------ the data audit

STRATUM_COLOURS = {"all": "#252525", "curated": BLUE, "mid": ORANGE, "war": "#7b3294", "ucdp": "#7fbc41"}


def precision_intervals(fid: str, title: str, rows: list[dict], caption: str = "") -> Figure:
    """Sampled precision (a share of rows judged correct) with Wilson 95% intervals, one row each (label,
    estimate, low, high, stratum), coloured by stratum (``all``: the whole sample)."""
    return intervals(fid, title, rows, "precision (share of sampled rows judged correct)", "stratum",
                     STRATUM_COLOURS, zero=None, caption=caption)
