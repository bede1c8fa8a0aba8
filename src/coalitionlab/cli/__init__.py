"""The `coalitionlab` command: thin adapters, one module per command group. Each command parses its input,
calls one library function and shows the result's ``summary()`` (or, with ``--json``, its ``to_dict()``, the
same JSON the web API answers). Bad input raises :class:`~coalitionlab.errors.BadInputError`: the message says
what is wrong, :func:`main` prints it (with a hint where the CLI knows one) and exits 2."""

from __future__ import annotations

import sys

import typer

from coalitionlab.cli import data, dataset, entanglement, forecast, models, panel, run
from coalitionlab.cli._show import err
from coalitionlab.errors import BadInputError

app = typer.Typer(help="coalitionlab: data, models and tools for research on U.S. military coalitions.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(data.app, name="data")
app.add_typer(panel.app, name="panel", help="State-year and dyad-year panels with add_* covariates.")
for module in (data, dataset, models, entanglement, forecast, run):
    module.register(app)

# hints the CLI adds to library errors (the library does not name commands)
HINTS = {
    "need(s) dyad-year data": "use `coalitionlab panel dyadyears`",
    "Unknown data set": "`coalitionlab data list` shows every name",
    "No COW state has the code": "`coalitionlab country NAME` finds a code",
    "in the codebook": "`coalitionlab codebook` lists every variable",
}


def main() -> None:
    """Entry point: bad input prints a message and exits 2; nothing else is swallowed."""
    try:
        app()
    except BadInputError as exc:
        message = str(exc)
        hints = [h for key, h in HINTS.items() if key in message and h not in message]
        err.print(f"error: {message}" + (f" ({'; '.join(hints)})" if hints else ""), highlight=False,
                  soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
