"""add_* covariates, one module per source family. Each keeps the rows and their order, adds columns, and is NA
outside its source's coverage."""

from coalitionlab.panels.add.alliance import add_atop_alliance
from coalitionlab.panels.add.capabilities import add_nmc
from coalitionlab.panels.add.conflict import add_cow_mids, add_gml_mids
from coalitionlab.panels.add.democracy import add_democracy
from coalitionlab.panels.add.geography import add_capital_distance, add_contiguity, add_minimum_distance
from coalitionlab.panels.add.igos import add_igos
from coalitionlab.panels.add.peace_years import add_peace_years
from coalitionlab.panels.add.rivalries import add_strategic_rivalries
from coalitionlab.panels.add.trade import add_trade
from coalitionlab.panels.add.troops import add_us_troops
from coalitionlab.panels.add.un import add_un_idealpoints

__all__ = [
    "add_atop_alliance",
    "add_capital_distance",
    "add_contiguity",
    "add_cow_mids",
    "add_democracy",
    "add_gml_mids",
    "add_igos",
    "add_minimum_distance",
    "add_nmc",
    "add_peace_years",
    "add_strategic_rivalries",
    "add_trade",
    "add_un_idealpoints",
    "add_us_troops",
]
