"""A crisis scenario: who the U.S. would face, when, with what sponsorship, objective and operational demand.

Only ``targets`` and ``year`` are required. Input is parsed, never evaluated (YAML through ``yaml.safe_load``);
every problem raises :class:`~coalitionlab.errors.BadInputError` with a message that says how to fix it.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coalitionlab.catalog.countries import LAST_YEAR, resolve
from coalitionlab.errors import BadInputError, CoverageError, UnknownCountryError

FIRST_YEAR = 1946
IGOS = ("none", "un", "nato", "regional")
# scenario IGO -> the interventions table's igo_kind
IGO_KIND = {"none": None, "un": "un_authorized", "nato": "nato_led", "regional": "regional_org"}
_IGO_ALIASES = {"united nations": "un", "un authorized": "un", "un security council": "un", "unsc": "un",
                "north atlantic treaty organization": "nato", "nato led": "nato", "regional organization": "regional",
                "regional org": "regional", "no": "none", "no igo": "none"}
# MIP objective categories -> the interventions table's obj_* column
OBJECTIVES = {
    "regime change": "obj_foreignreg",
    "build regime": "obj_buildreg",
    "empire": "obj_empire",
    "territory": "obj_territory",
    "policy change": "obj_policy",
    "humanitarian": "obj_socialprot",
    "economic": "obj_economic",
    "protect own forces or citizens": "obj_protown",
}
_OBJECTIVE_ALIASES = {
    "remove regime": "regime change", "remove foreign regime": "regime change", "foreignreg": "regime change",
    "maintain regime": "build regime", "maintain/build regime": "build regime", "buildreg": "build regime",
    "maintain empire": "empire", "acquire territory": "territory", "policy": "policy change",
    "social protection": "humanitarian", "socialprot": "humanitarian", "social protection and order": "humanitarian",
    "protect own": "protect own forces or citizens", "protown": "protect own forces or citizens",
    "protect own forces": "protect own forces or citizens", "protect citizens": "protect own forces or citizens",
    "evacuation": "protect own forces or citizens",
}
# expected operational demand -> a range of U.S. troops (low, high) and the value the models are given
DEMANDS = {"low": (0, 1_000, 300), "medium": (1_000, 20_000, 5_000), "high": (20_000, None, 100_000)}
KEYS = ("targets", "year", "igo", "objective", "demand")


def max_year() -> int:
    """The last year a scenario may have: one year ahead of today (UTC)."""
    return _dt.datetime.now(_dt.UTC).year + 1


def _norm(text: Any) -> str:
    return " ".join(str(text).strip().lower().replace("_", " ").replace("-", " ").split())


def _choose(value: Any, allowed: list[str], what: str, aliases: dict[str, str] | None = None) -> str:
    key = _norm(value)
    aliases = aliases or {}
    if key in allowed:
        return key
    if key in aliases:
        return aliases[key]
    close = difflib.get_close_matches(key, [*allowed, *aliases], n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(repr(aliases.get(c, c)) for c in dict.fromkeys(close))}?" if close else ""
    raise BadInputError(f"Unknown {what} '{value}'.{hint} Use one of: {', '.join(allowed)}.")


@dataclass(frozen=True)
class Target:
    """A resolved crisis target: COW code and name."""

    ccode: int
    name: str


@dataclass(frozen=True)
class Scenario:
    """A crisis: targets (resolved, the first is the crisis state), start year, IGO sponsorship (none, un, nato,
    regional), MIP objective categories and the expected operational demand (low, medium, high: a range of U.S.
    troops). ``igo``, ``objective`` and ``demand`` are None when not given."""

    targets: tuple[Target, ...]
    year: int
    igo: str | None = None
    objective: tuple[str, ...] = field(default_factory=tuple)
    demand: str | None = None

    @property
    def target_codes(self) -> list[int]:
        return [t.ccode for t in self.targets]

    def to_dict(self) -> dict:
        lo, hi, _ = DEMANDS[self.demand] if self.demand else (None, None, None)
        return {"targets": [{"ccode": t.ccode, "name": t.name} for t in self.targets], "year": self.year,
                "igo": self.igo, "objective": list(self.objective), "demand": self.demand,
                "demand_troops": None if self.demand is None else {"low": lo, "high": hi}}

    def label(self) -> str:
        parts = [" and ".join(t.name for t in self.targets), str(self.year)]
        if self.igo:
            parts.append(f"IGO {self.igo}")
        if self.objective:
            parts.append("objective " + ", ".join(self.objective))
        if self.demand:
            parts.append(f"{self.demand} demand")
        return ", ".join(parts)


def make_scenario(targets: Any, year: Any, igo: Any = None, objective: Any = None, demand: Any = None) -> Scenario:
    """A validated :class:`Scenario`. ``targets``: a name or code, or a list of them (``"Iraq"``, ``645``,
    ``"IRQ"``); ``year``: 1946 to one year ahead; ``objective``: one category or a list."""
    if isinstance(year, bool) or year is None or str(year).strip() == "":
        raise BadInputError("The scenario needs a year: give the crisis's start year, e.g. year: 1990.")
    try:
        y = int(str(year).strip())
    except ValueError as exc:
        raise BadInputError(f"Year '{year}' is not a whole number: give a year such as 1990.") from exc
    top = max_year()
    if not FIRST_YEAR <= y <= top:
        raise BadInputError(f"Year {y} is out of range: give a year from {FIRST_YEAR} (the first U.S. intervention "
                            f"in the data) to {top} (one year ahead).")
    if targets is None or targets == [] or (isinstance(targets, str) and not targets.strip()):
        raise BadInputError("The scenario needs at least one target: give a country name or COW code, e.g. "
                            "targets: [Iraq].")
    raw = [targets] if isinstance(targets, str | int) else list(targets)
    resolved: list[Target] = []
    for t in raw:
        if isinstance(t, dict | list | bool) or t is None:
            raise BadInputError(f"Target {t!r} is not a country name or code: give e.g. 'Iraq' or 645.")
        try:
            c = resolve(t, min(y, LAST_YEAR))
        except UnknownCountryError as exc:
            raise UnknownCountryError(f"Unknown target '{t}'."
                                      + (f" Closest matches: {', '.join(exc.suggestions)}." if exc.suggestions
                                         else " Give a country name, ISO3 or COW code, e.g. 'Iraq', 'IRQ' or 645."),
                                      exc.suggestions) from exc
        except CoverageError as exc:
            raise CoverageError(f"Target '{t}': {exc} Give a state that existed in {y}.") from exc
        if c.ccode == 2:
            raise BadInputError("The United States cannot be the target of a U.S. coalition: give the adversary.")
        if c.ccode not in [r.ccode for r in resolved]:
            resolved.append(Target(int(c.ccode), c.name))
    igo_value = None if igo is None or _norm(igo) == "" else _choose(igo, list(IGOS), "IGO sponsorship", _IGO_ALIASES)
    objs: list[str] = []
    if objective is not None and objective != "":
        for o in [objective] if isinstance(objective, str) else list(objective):
            name = _choose(o, list(OBJECTIVES), "objective", _OBJECTIVE_ALIASES)
            if name not in objs:
                objs.append(name)
    dem = None if demand is None or _norm(demand) == "" else _choose(demand, list(DEMANDS), "operational demand")
    return Scenario(tuple(resolved), y, igo_value, tuple(objs), dem)


def scenario_from_dict(data: Any, source: str = "the scenario") -> Scenario:
    """A :class:`Scenario` from a mapping with the keys targets (or target), year, igo, objective, demand."""
    if not isinstance(data, dict):
        raise BadInputError(f"{source} must be a mapping with the keys targets and year (and optionally igo, "
                            f"objective, demand), got {type(data).__name__}.")
    data = dict(data)
    if "target" in data and "targets" not in data:
        data["targets"] = data.pop("target")
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise BadInputError(f"{source}: unknown key(s) {', '.join(map(str, unknown))}. Use: {', '.join(KEYS)}.")
    if "targets" not in data or "year" not in data:
        missing = [k for k in ("targets", "year") if k not in data]
        raise BadInputError(f"{source}: missing {' and '.join(missing)}. Example:\n  targets: [Iraq]\n  year: 1990")
    return make_scenario(data.get("targets"), data.get("year"), data.get("igo"), data.get("objective"),
                         data.get("demand"))


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (YAML, or JSON: a ``.json`` suffix or a body starting with ``{``) and validate it.
    YAML is read with ``yaml.safe_load`` (no tags, nothing evaluated)."""
    p = Path(path)
    if not p.is_file():
        raise BadInputError(f"Scenario file '{p}' not found: give the path of a YAML or JSON file.")
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"Cannot read scenario file '{p}' as UTF-8 text: {exc}") from exc
    if p.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BadInputError(f"{p}:{exc.lineno}: malformed JSON ({exc.msg}); fix the file, e.g. "
                                '{"targets": ["Iraq"], "year": 1990}.') from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}" if mark is not None else ""
            raise BadInputError(f"{p}{where}: malformed YAML ({getattr(exc, 'problem', None) or exc}); fix the "
                                "file, e.g.\n  targets: [Iraq]\n  year: 1990") from exc
    return scenario_from_dict(data, source=str(p))
