"""Geography: minimum distance (CShapes 2.0), capital distance, COW direct contiguity 3.2."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from coalitionlab.catalog import load_table
from coalitionlab.panels._lookup import DenseIndex, Grid, arrow_np, attach
from coalitionlab.panels.add._base import Query, both_ways_grid, coverage

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


@cache
def _mindist() -> Grid:
    g, t = both_ways_grid("mindist")
    d = arrow_np(t, "mindist", "float64")[0]
    return g.add("mindist", np.concatenate([d, d]), kind="float")


def add_minimum_distance(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``mindist``: minimum distance in km between two states' territories (CShapes 2.0, Schvitz et al.
    2022, as packaged by peacesciencer; measured on January 1; 1886-2019). 0 = the states share a border.

    The source is non-directed (ccode1 < ccode2); it is looked up in both directions, so the value is symmetric
    in directed data. Dyad-years only. NA: years outside 1886-2019 and dyads CShapes does not measure.
    """
    q = Query(df, "add_minimum_distance", units=("dyad_year",))
    q.check(["mindist"])
    g = _mindist()
    return attach(df, {"mindist": g.get("mindist", g.locate(q.keys, q.year))})


@cache
def _capitals() -> tuple[DenseIndex, np.ndarray, np.ndarray]:
    """The capital in place at the end of each state-year (the last capital spell that touches the year)."""
    t = load_table("capitals", ["ccode", "stdate", "enddate", "lat", "lng"]).to_pandas()
    t["sy"] = t["stdate"].dt.year
    t["ey"] = t["enddate"].dt.year
    lens = (t["ey"] - t["sy"] + 1).to_numpy()
    rep = np.repeat(np.arange(len(t)), lens)
    offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
    sy = pd.DataFrame({"ccode": t["ccode"].to_numpy("int64")[rep], "year": t["sy"].to_numpy("int64")[rep] + offs,
                       "st": t["stdate"].to_numpy()[rep], "lat": t["lat"].to_numpy()[rep],
                       "lng": t["lng"].to_numpy()[rep]})
    sy = sy.sort_values(["ccode", "year", "st"]).drop_duplicates(["ccode", "year"], keep="last")
    idx = DenseIndex([sy["ccode"].to_numpy()], sy["year"].to_numpy())
    return idx, np.radians(sy["lat"].to_numpy()), np.radians(sy["lng"].to_numpy())


def add_capital_distance(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``capdist``: great-circle (haversine, mean Earth radius 6371.0088 km) distance in km between the
    two states' capitals in that year (peacesciencer 1.2.9 capitals table, COW codes, with dates).

    When a capital moved during a year, the capital in place at the end of the year is used. The capital spells
    of states still in the system run to 2024 (the table's own dates). Symmetric. Dyad-years only.
    NA: a state without a capital spell touching the year.
    """
    q = Query(df, "add_capital_distance", units=("dyad_year",))
    q.check(["capdist"])
    idx, lat, lng = _capitals()
    r1, r2 = idx.find([q.keys[0]], q.year), idx.find([q.keys[1]], q.year)
    ok = (r1 >= 0) & (r2 >= 0)
    a, b = np.where(r1 >= 0, r1, 0), np.where(r2 >= 0, r2, 0)
    dlat, dlng = lat[b] - lat[a], lng[b] - lng[a]
    h = np.sin(dlat / 2) ** 2 + np.cos(lat[a]) * np.cos(lat[b]) * np.sin(dlng / 2) ** 2
    dist = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    return attach(df, {"capdist": np.where(ok, dist, np.nan)})


@cache
def _contiguity() -> tuple[Grid, Grid]:
    """COW direct contiguity spells expanded once to directed dyad-years (closest type wins), cached."""
    t = load_table("contiguity").to_pandas()
    sy = t["stdate"].dt.year.to_numpy("int64")
    ey = t["enddate"].dt.year.to_numpy("int64")
    lens = ey - sy + 1
    rep = np.repeat(np.arange(len(t)), lens)
    year = sy[rep] + np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
    ct = t["conttype"].to_numpy("int64")[rep]
    ct = np.where(ct == 0, 99, ct)  # 0 spells (no contiguity) lose against any real type
    x = pd.DataFrame({"c1": t["ccode1"].to_numpy("int64")[rep], "c2": t["ccode2"].to_numpy("int64")[rep],
                      "year": year, "ct": ct})
    x = x.groupby(["c1", "c2", "year"], sort=False, as_index=False)["ct"].min()
    x["ct"] = x["ct"].where(x["ct"] != 99, 0)
    cov = coverage("contiguity")
    dyad = Grid([x["c1"].to_numpy(), x["c2"].to_numpy()], x["year"].to_numpy(), cov)
    dyad.add("conttype", x["ct"].to_numpy(), fill=0, kind="Int8")
    s = x.assign(land=x["ct"] == 1, sea=x["ct"].between(2, 5)).groupby(["c1", "year"], as_index=False)[
        ["land", "sea"]].sum()
    state = Grid([s["c1"].to_numpy()], s["year"].to_numpy(), cov)
    state.add("land_borders", s["land"].to_numpy(), fill=0, kind="Int16")
    state.add("sea_borders", s["sea"].to_numpy(), fill=0, kind="Int16")
    return dyad, state


def add_contiguity(df: pd.DataFrame) -> pd.DataFrame:
    """Add COW Direct Contiguity 3.2 (Stinnett et al. 2002; 1816-2016).

    Dyad-years: ``conttype`` 0 = not contiguous, 1 = land or river border, 2/3/4/5 = separated by at most
    12/24/150/400 miles of water. Built from the directed spells (a spell covers every year it touches); when
    several spells touch a year the closest contiguity (lowest non-zero type) wins. Symmetric.
    State-years: ``land_borders`` (states contiguous by land) and ``sea_borders`` (types 2-5).

    NA: years outside 1816-2016. Inside coverage a dyad without a spell is 0.
    """
    q = Query(df, "add_contiguity")
    dyad, state = _contiguity()
    if q.dyad:
        q.check(["conttype"])
        return attach(df, {"conttype": dyad.get("conttype", dyad.locate(q.keys, q.year))})
    q.check(["land_borders", "sea_borders"])
    flat = state.locate(q.keys, q.year)
    return attach(df, {"land_borders": state.get("land_borders", flat), "sea_borders": state.get("sea_borders", flat)})

