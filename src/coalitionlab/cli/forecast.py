"""`coalitionlab forecast` and `backtest`: who would join a U.S. coalition in a crisis, and the proof."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from coalitionlab.cli._show import show_or_json
from coalitionlab.errors import BadInputError

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def forecast_cmd(
    target: Annotated[list[str] | None, typer.Option("--target", help="Crisis target (name or COW code); "
                                                     "repeat for several, the first is the crisis state.")] = None,
    year: Annotated[int | None, typer.Option(help="Start year of the crisis, 1946 to one year ahead.")] = None,
    igo: Annotated[str | None, typer.Option(help="IGO sponsorship: none, un, nato or regional.")] = None,
    objective: Annotated[list[str] | None, typer.Option(help="MIP objective (regime change, build regime, policy "
                                                        "change, humanitarian, protect own forces or citizens, "
                                                        "territory, economic, empire); repeatable.")] = None,
    demand: Annotated[str | None, typer.Option(help="Expected operational demand: low (<1,000 U.S. troops), "
                                               "medium (1,000-20,000) or high (>20,000).")] = None,
    scenario: Annotated[Path | None, typer.Option("--scenario", help="A scenario file (YAML or JSON with the keys "
                                                  "targets, year, igo, objective, demand).")] = None,
    top: Annotated[int, typer.Option(help="Rows of the table (the JSON lists every candidate).")] = 15,
    as_json: JsonOpt = False,
) -> None:
    """Forecast the partners of a U.S. coalition in a crisis: probabilities, intervals, reasons, size, warnings."""
    from coalitionlab.forecast import forecast_partners, load_scenario, make_scenario

    if scenario is not None:
        if target or year is not None or igo or objective or demand:
            raise BadInputError("Give either --scenario FILE or --target/--year (with --igo, --objective, --demand), "
                                "not both.")
        s = load_scenario(scenario)
    else:
        if not target or year is None:
            raise BadInputError("Give --target NAME and --year YEAR (e.g. --target Iraq --year 1990), or "
                                "--scenario FILE.")
        s = make_scenario(target, year, igo, objective or None, demand)
    if top < 1:
        raise BadInputError(f"--top must be at least 1, got {top}.")
    show_or_json(forecast_partners(s, top=top), as_json)


def backtest_cmd(
    start: Annotated[int, typer.Option(help="First start year of the coalitions forecast.")] = 1970,
    end: Annotated[int | None, typer.Option(help="Last start year (default: all).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Backtest the partner forecast on past coalitions (models cut off before each start) beside baselines."""
    from coalitionlab.forecast import backtest

    show_or_json(backtest(start=start, end=end), as_json)


def register(root: typer.Typer) -> None:
    root.command("forecast")(forecast_cmd)
    root.command("backtest")(backtest_cmd)
