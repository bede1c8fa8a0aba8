"""Write the dyad-years that make_peacesciencer_reference.R computes peacesciencer's spells on: every row of
``create_dyadyears()`` (COW, directed; its 2,214,930 rows equal peacesciencer's) for the dyads below, 1816-2014.

Run: ``.venv/bin/python tests/panels/results/make_peacesciencer_input.py /tmp/ps_input.csv``
"""

from __future__ import annotations

import sys

from coalitionlab.panels import create_dyadyears

# U.S.-Russia, Russia-U.S., Iran-Iraq, U.S.-Iraq, France-Italy, U.S.-China, India-Pakistan, U.S.-Canada,
# Israel-Egypt, U.K.-France, Greece-Turkey, Japan-China
DYADS = [(2, 365), (365, 2), (630, 645), (2, 645), (220, 325), (2, 710), (750, 770), (2, 20), (666, 651),
         (200, 220), (350, 640), (740, 710)]


def main(path: str) -> None:
    d = create_dyadyears(years=(1816, 2014))
    keys = d["ccode1"].astype("int64") * 1000 + d["ccode2"].astype("int64")
    d = d[keys.isin([a * 1000 + b for a, b in DYADS])]
    d[["ccode1", "ccode2", "year"]].astype("int64").sort_values(["ccode1", "ccode2", "year"]).to_csv(path, index=False)


if __name__ == "__main__":
    main(sys.argv[1])
