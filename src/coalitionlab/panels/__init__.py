"""Panels: state-years and dyad-years of the COW or Gleditsch-Ward state system, and the add_* covariates.

The unit of a panel lives in its key columns (``ccode1, ccode2, year`` / ``ccode, year`` or the ``gwcode``
equivalents), checked by :func:`panel_unit`; never in ``DataFrame.attrs``. See ``docs/panels.md``.
"""

from coalitionlab.panels.add import *  # noqa: F403
from coalitionlab.panels.add import __all__ as _add_all
from coalitionlab.panels.create import create_dyadyears, create_stateyears, parse_years
from coalitionlab.panels.unit import PanelUnit, PanelUnitError, is_directed, panel_unit

__all__ = [
    "PanelUnit",
    "PanelUnitError",
    "create_dyadyears",
    "create_stateyears",
    "is_directed",
    "panel_unit",
    "parse_years",
    *_add_all,
]
