"""Variable and value labels of panel columns, for Stata files (``coalitionlab panel ... --out FILE.dta``).

Dyad-year columns ending in 1 or 2 (``milex1``, ``cinc2``) take the label of their state-year column with
"(state 1)" or "(state 2)". Labels are at most 80 characters (Stata's limit)."""

from __future__ import annotations

from collections.abc import Iterable

HOSTILITY = {1: "no militarized action", 2: "threat to use force", 3: "display of force", 4: "use of force",
             5: "war"}
CONTIGUITY = {0: "not contiguous", 1: "land border", 2: "separated by 12 miles of water or less",
              3: "separated by 24 miles of water or less", 4: "separated by 150 miles of water or less",
              5: "separated by 400 miles of water or less"}

LABELS: dict[str, str] = {
    "ccode": "COW state code", "gwcode": "Gleditsch-Ward state code", "year": "Year",
    "ccode1": "COW code of state 1", "ccode2": "COW code of state 2",
    "gwcode1": "G-W code of state 1", "gwcode2": "G-W code of state 2",
    "statename": "State name", "statenme": "State name (COW)", "stateabb": "State abbreviation",
    "atop_defense": "ATOP: defense pact (1 obliges 2)", "atop_offense": "ATOP: offense pact (1 obliges 2)",
    "atop_neutral": "ATOP: neutrality pact (1 obliges 2)", "atop_nonagg": "ATOP: non-aggression pact",
    "atop_consul": "ATOP: consultation pact", "atop_defense_n": "ATOP: number of defense pacts",
    "atop_offense_n": "ATOP: number of offense pacts", "atop_neutral_n": "ATOP: number of neutrality pacts",
    "atop_nonagg_n": "ATOP: number of non-aggression pacts", "atop_consul_n": "ATOP: number of consultation pacts",
    "milex": "NMC: military expenditure (thousands of USD)", "milper": "NMC: military personnel (thousands)",
    "irst": "NMC: iron and steel production (thousands of tons)",
    "pec": "NMC: primary energy consumption (thousands of coal-ton equivalents)",
    "tpop": "NMC: total population (thousands)", "upop": "NMC: urban population (thousands)",
    "cinc": "NMC: composite index of national capability (CINC)", "cinc_ratio": "CINC ratio (larger/smaller)",
    "polity2": "Polity IV polity2 (-10 to 10)", "v2x_polyarchy": "V-Dem electoral democracy index (0-1)",
    "euds": "Extended UDS democracy score", "land_borders": "Number of land borders",
    "sea_borders": "Number of borders across water (400 miles or less)", "imports": "Imports (millions of USD)",
    "exports": "Exports (millions of USD)", "idealpointall": "UN voting ideal point (Bailey et al.)",
    "idealpoint_distance": "Absolute distance of UN ideal points", "troops": "U.S. troops deployed in the state",
    "mindist": "Minimum distance between the states (km)", "capdist": "Distance between the capitals (km)",
    "conttype": "COW direct contiguity type", "dyadigos": "Number of joint IGO memberships",
    "flow1": "Imports of state 1 from state 2 (millions of USD)",
    "flow2": "Imports of state 2 from state 1 (millions of USD)",
    "smoothflow1": "Imports of state 1 from 2, smoothed (millions of USD)",
    "smoothflow2": "Imports of state 2 from 1, smoothed (millions of USD)",
    "trade_dependence": "Dyadic trade / GDP", "td_rivalry": "Thompson-Dreyer strategic rivalry",
    "td_rivalry_id": "Thompson-Dreyer rivalry id", "tss_rivalry": "Thompson-Sakuwa-Suhas strategic rivalry",
    "tss_rivalry_id": "Thompson-Sakuwa-Suhas rivalry id",
    "cowmidonset": "COW MID: onset of a dispute this year", "cowmidongoing": "COW MID: a dispute ongoing",
    "cowmid_ndisputes": "COW MID: number of disputes", "cowmid_sameside": "COW MID: both states on the same side",
    "cowmid_dispnum": "COW MID: dispute number (the one picked)", "cowmid_sidea": "COW MID: on side A",
    "cowmid_orig": "COW MID: originator", "cowmid_hostlev": "COW MID: hostility level",
    "gmlmidonset": "GML MID: onset of a dispute this year", "gmlmidongoing": "GML MID: a dispute ongoing",
    "gmlmid_ndisputes": "GML MID: number of disputes", "gmlmid_sameside": "GML MID: both states on the same side",
    "gmlmid_dispnum": "GML MID: dispute number (the one picked)", "gmlmid_sidea": "GML MID: on side A",
    "gmlmid_orig": "GML MID: originator", "gmlmid_hostlev": "GML MID: hostility level",
    "pys": "Peace years since the last MID (ongoing; onset with peace_years_onset)", "pys2": "Peace years squared",
    "pys3": "Peace years cubed",
}
# coded variables only: 0/1 indicators keep plain numbers (their variable label says what 1 means), so that
# pandas and R read them back as numbers, not as categories
VALUES: dict[str, dict[int, str]] = {"cowmid_hostlev": HOSTILITY, "gmlmid_hostlev": HOSTILITY, "conttype": CONTIGUITY}


def _base(column: str) -> tuple[str, str]:
    """(state-year name, suffix) of a dyad-year column: ``milex1`` -> (``milex``, `` (state 1)``)."""
    if column in LABELS or column[-1:] not in ("1", "2"):
        return column, ""
    return column[:-1], f" (state {column[-1]})"


def panel_labels(columns: Iterable[str]) -> dict[str, dict]:
    """``variable_labels`` and ``value_labels`` (as :func:`coalitionlab.io.write_table` takes them) for the panel
    columns given; columns without a label are left out."""
    variables, values = {}, {}
    for col in columns:
        base, suffix = _base(str(col))
        if base in LABELS:
            variables[col] = (LABELS[base] + suffix)[:80]
        if base in VALUES:
            values[col] = VALUES[base]
    return {"variable_labels": variables, "value_labels": values}
