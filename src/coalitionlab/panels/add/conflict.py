"""Militarized interstate disputes: COW MID 5.0 and Gibler-Miller-Little (GML) MID 2.2.1, directed dyad-years.

Both sources list one row per dispute x directed dyad x year, only for states on *opposite* sides of a
dispute; a dyad-year with several disputes has several rows. The add_* functions aggregate to one row per
dyad-year, so they never duplicate rows of the panel:

- ``{p}onset`` = 1 if any dispute between the two states (on opposite sides) began that year, else 0;
- ``{p}ongoing`` = 1 if any such dispute was ongoing that year, else 0;
- ``{p}_ndisputes`` = how many distinct such disputes were ongoing;
- the dispute-level fields (``{p}_dispnum``, ``{p}_sidea1/2``, ``{p}_orig1/2`` and the ``keep`` columns) come
  from one dispute, picked by peacesciencer's rule (the data-raw scripts that build its ``cow_mid_ddydisps``
  and ``gml_mid_ddydisps``, the tables its ``add_cow_mids()`` / ``add_gml_mids()`` merge). Among the dyad's
  disputes that year, keep in turn those with:

  1. an onset that year (if any has one);
  2. the highest dispute-level fatality level (``fatality``; MID's -9 "unknown" ranks between 0 "none" and
     1 "1-25 deaths", as peacesciencer's 0.5);
  3. the highest dispute-level hostility level (``hostlev`` of the dispute, not of the dyad);
  4. the longest minimum duration (``mindur``, days), then 5. the longest maximum duration (``maxdur``);
  6. reciprocated (``recip`` = 1) over not;
  7. the earliest start month (``stmon``);
  8. the lowest dispute number (never reached on MID 5.0 or GML 2.2.1: steps 1-7 already leave one dispute).

  COW takes steps 2-7 from the dispute-level file (``cow_mid_disputes``, MID 5.0 MIDA), GML from the
  dispute-level columns of its dyadic file, as peacesciencer does. The rule reproduces peacesciencer's pick in
  every dyad-year (COW 10,234 dyad-years of which 996 have several disputes; GML 9,284 and 846).
- ``{p}_sameside`` = 1 if the two states were on the *same* side of a dispute ongoing that year (coalition
  partners in a MID), derived from the participants of each dispute-year.

``orig1`` = 1 when ccode1 was an originator of the dispute (involved on its first day), 0 when it joined
later (a joiner). ``sidea1`` = 1 when ccode1 was on side A, the side that took the first militarized action.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.errors import BadInputError
from coalitionlab.panels._lookup import Grid, attach
from coalitionlab.panels.add._base import Query, coverage

_SRC = {"cow": ("cow_mid_dyad", "disponset", "dispongoing", "cowmid"),
        "gml": ("gml_mid_dyad", "midonset", "midongoing", "gmlmid")}
_FIELDS = ("dispnum", "sidea1", "sidea2", "orig1", "orig2")
# peacesciencer's order for picking one dispute per dyad-year: (dispute-level column, True = highest first)
PICK_RULE = (("fatality", True), ("hostlev", True), ("mindur", True), ("maxdur", True), ("recip", True),
             ("stmon", False))


def _keep_columns(source: str, keep: tuple[str, ...]) -> tuple[str, ...]:
    cols = load_table(_SRC[source][0]).column_names
    out: list[str] = []
    for k in keep:
        if f"{k}1" in cols and f"{k}2" in cols:
            out += [f"{k}1", f"{k}2"]
        elif k in cols:
            out.append(k)
        else:
            raise BadInputError(f"Unknown MID column '{k}' for add_{source}_mids(keep=...). Available: "
                                f"{', '.join(c for c in cols if c not in ('ccode1', 'ccode2', 'year'))}.")
    return tuple(dict.fromkeys(c for c in out if c not in _FIELDS))


def _dispute_level(source: str, dispnum: pd.Series) -> pd.DataFrame:
    """The dispute-level columns of :data:`PICK_RULE` for each row's dispute (``_`` + name), as floats; a
    fatality of -9 (unknown) becomes 0.5, between none and 1-25 deaths, as in peacesciencer."""
    cols = [c for c, _ in PICK_RULE]
    if source == "cow":  # MID 5.0 dispute-level file (MIDA)
        disp = load_table("cow_mid_disputes", ["dispnum", *cols]).to_pandas().drop_duplicates("dispnum")
        disp.index = disp.pop("dispnum").to_numpy("int64")
        out = disp.reindex(dispnum.to_numpy("int64")).reset_index(drop=True)
    else:  # GML carries the dispute-level columns on every dyadic row
        out = load_table(_SRC[source][0], cols).to_pandas()
    out = out.astype("float64").set_axis(dispnum.index)
    out["fatality"] = out["fatality"].where(out["fatality"] != -9, 0.5)
    return out.add_prefix("_")


def _pick_order(d: pd.DataFrame, onset: str) -> pd.DataFrame:
    """``d`` (dispute x dyad-year rows with ``onset`` and the ``_``-prefixed :data:`PICK_RULE` columns) sorted so
    that the first row of each (ccode1, ccode2, year) is the dispute peacesciencer keeps; NA ranks last."""
    by = ["ccode1", "ccode2", "year", onset, *(f"_{c}" for c, _ in PICK_RULE), "dispnum"]
    asc = [True, True, True, False, *(not high for _, high in PICK_RULE), True]
    return d.sort_values(by, ascending=asc, kind="stable", na_position="last")


@cache
def _mids(source: str, joiners: bool, keep: tuple[str, ...]) -> tuple[Grid, Grid]:
    name, onset, ongoing, p = _SRC[source]
    t = load_table(name).to_pandas()
    d = pd.DataFrame({c: t[c].to_numpy("float64", na_value=np.nan)
                      for c in ("ccode1", "ccode2", "year", onset, *_FIELDS, *keep)})
    for c in keep:  # MID codes missing values as -9 (e.g. fatalpre): NA
        d[c] = d[c].where(d[c] >= 0)
    d = pd.concat([d, _dispute_level(source, d["dispnum"])], axis=1)
    if not joiners:
        d = d[(d["orig1"] == 1) & (d["orig2"] == 1)]
    d = _pick_order(d, onset)
    g = d.groupby(["ccode1", "ccode2", "year"], sort=False)
    agg = g.agg(onset=(onset, "max"), ndisp=("dispnum", "nunique")).reset_index()
    first = g.head(1).reset_index(drop=True)  # same group order as agg
    # participants of each dispute-year, then pairs on the same side
    cols = ["dispnum", "year", "ccode", "sidea"]
    part = pd.concat([d[["dispnum", "year", "ccode1", "sidea1"]].set_axis(cols, axis=1),
                      d[["dispnum", "year", "ccode2", "sidea2"]].set_axis(cols, axis=1)]).drop_duplicates()
    s = part.merge(part, on=["dispnum", "year", "sidea"])
    s = s.loc[s["ccode_x"] != s["ccode_y"], ["ccode_x", "ccode_y", "year"]].drop_duplicates()
    # one grid over the union of opposite-side and same-side dyad-years
    keys = pd.concat([agg[["ccode1", "ccode2", "year"]],
                      s.set_axis(["ccode1", "ccode2", "year"], axis=1)]).drop_duplicates(ignore_index=True)
    keys = keys.merge(agg, how="left", on=["ccode1", "ccode2", "year"])
    keys = keys.merge(first[["ccode1", "ccode2", "year", *_FIELDS, *keep]], how="left",
                      on=["ccode1", "ccode2", "year"])
    same = pd.MultiIndex.from_frame(s.astype("int64"))
    keys["same"] = pd.MultiIndex.from_frame(keys[["ccode1", "ccode2", "year"]].astype("int64")).isin(same)
    cov = coverage(name)
    i64 = {c: keys[c].to_numpy("int64") for c in ("ccode1", "ccode2", "year")}
    dy = Grid([i64["ccode1"], i64["ccode2"]], i64["year"], cov)
    dy.add(f"{p}onset", keys["onset"].fillna(0).to_numpy("int64"), fill=0, kind="Int8")
    dy.add(f"{p}ongoing", keys["ndisp"].fillna(0).gt(0).to_numpy("int64"), fill=0, kind="Int8")
    dy.add(f"{p}_ndisputes", keys["ndisp"].fillna(0).to_numpy("int64"), fill=0, kind="Int16")
    dy.add(f"{p}_sameside", keys["same"].to_numpy("int64"), fill=0, kind="Int8")
    for c in (*_FIELDS, *keep):
        v = keys[c].fillna(0).to_numpy("int64")
        small = c != "dispnum" and (len(v) == 0 or np.abs(v).max() < 2**15)  # fatalpre reaches millions
        dy.add(f"{p}_{c}", v, src_mask=keys[c].isna().to_numpy(), kind="Int16" if small else "Int32")
    # state-years
    cols = ["ccode", "year", "dispnum", "on"]
    st = pd.concat([d[["ccode1", "year", "dispnum", onset]].set_axis(cols, axis=1),
                    d[["ccode2", "year", "dispnum", onset]].set_axis(cols, axis=1)])
    st = st.groupby(["ccode", "year"]).agg(on=("on", "max"), n=("dispnum", "nunique")).reset_index()
    sg = Grid([st["ccode"].to_numpy("int64")], st["year"].to_numpy("int64"), cov)
    sg.add(f"{p}onset", st["on"].to_numpy("int64"), fill=0, kind="Int8")
    sg.add(f"{p}ongoing", np.ones(len(st), "int64"), fill=0, kind="Int8")
    sg.add(f"{p}_ndisputes", st["n"].to_numpy("int64"), fill=0, kind="Int16")
    return dy, sg


def _add_mids(df: pd.DataFrame, source: str, keep, joiners: bool) -> pd.DataFrame:
    func = f"add_{source}_mids"
    keep = (keep,) if isinstance(keep, str) else tuple(keep or ())
    q = Query(df, func)
    p = _SRC[source][3]
    kcols = _keep_columns(source, keep)
    dy, sg = _mids(source, bool(joiners), kcols)
    if not q.dyad:
        names = [f"{p}onset", f"{p}ongoing", f"{p}_ndisputes"]
        q.check(names)
        return attach(df, sg.get_many(names, sg.locate(q.keys, q.year)))
    names = [f"{p}onset", f"{p}ongoing", f"{p}_ndisputes", f"{p}_sameside", *(f"{p}_{c}" for c in _FIELDS),
             *(f"{p}_{c}" for c in kcols)]
    q.check(names)
    return attach(df, dy.get_many(names, dy.locate(q.keys, q.year)))


def add_cow_mids(df: pd.DataFrame, keep: tuple[str, ...] | list[str] | str = ("hostlev",),
                 joiners: bool = True) -> pd.DataFrame:
    """Add COW Militarized Interstate Disputes (MID 5.0, Palmer et al. 2022; directed dispute-years 1816-2014).

    Dyad-years: ``cowmidonset``, ``cowmidongoing`` (0/1), ``cowmid_ndisputes``, ``cowmid_sameside`` (0/1),
    ``cowmid_dispnum``, ``cowmid_sidea1/2``, ``cowmid_orig1/2`` (1 = originator, 0 = joiner) and the ``keep``
    columns (names from the source, e.g. ``"hostlev"`` gives ``cowmid_hostlev1``/``cowmid_hostlev2``;
    ``"hiact"``, ``"fatality"``, ``"fatalpre"`` likewise; MID's -9 missing codes become NA).
    One row per dyad-year: ``cowmidonset``/``cowmidongoing`` are 1 if *any* dispute began / was ongoing; the
    dispute-level fields come from one dispute, picked by peacesciencer's rule (onset that year, then highest
    fatality, hostility, minimum and maximum duration, reciprocated, earliest start month; the module docstring
    gives it in full). ``joiners=False`` counts only disputes in which *both* states were originators (the dyad
    was not created by a state joining later); the pick is then among those disputes.
    State-years: ``cowmidonset`` (1 = the state was in a dispute that began that year), ``cowmidongoing``,
    ``cowmid_ndisputes`` (distinct disputes the state was in).

    NA: years outside 1816-2014. Inside coverage, no dispute is 0 and the dispute-level fields are NA.
    """
    return _add_mids(df, "cow", keep, joiners)


def add_gml_mids(df: pd.DataFrame, keep: tuple[str, ...] | list[str] | str = ("hostlev",),
                 joiners: bool = True) -> pd.DataFrame:
    """Add Gibler-Miller-Little MIDs (GML MID 2.2.1, Gibler, Miller and Little 2016; directed dispute-years
    1816-2010), the corrected MID data. Same columns and rules as :func:`add_cow_mids` with prefix ``gmlmid``
    (``gmlmidonset``, ``gmlmidongoing``, ``gmlmid_orig1`` ...); ``keep`` may also name dispute-level GML
    columns (``"outcome"``, ``"recip"``, ``"fatality"``...).

    NA: years outside 1816-2010. Inside coverage, no dispute is 0 and the dispute-level fields are NA.
    """
    return _add_mids(df, "gml", keep, joiners)
