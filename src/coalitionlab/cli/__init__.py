"""The `coalitionlab` command: thin adapters, one module per command group. Each command parses its input,
calls one library function and shows the result's ``summary()`` (or, with ``--json``, its ``to_dict()``, the
same JSON the web API answers). Bad input raises :class:`~coalitionlab.errors.BadInputError`: the message says
what is wrong, :func:`main` prints it (with a hint where the CLI knows one) and exits 2."""

from __future__ import annotations

import errno
import signal
import sys
import warnings
from typing import Annotated

import typer

from coalitionlab.cli import data, dataset, entanglement, forecast, models, panel, run, web
from coalitionlab.cli._show import err, show_or_json
from coalitionlab.errors import AmbiguousCountryWarning, BadInputError

app = typer.Typer(help="coalitionlab: data, models and tools for research on U.S. military coalitions.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(data.app, name="data")
app.add_typer(panel.app, name="panel", help="State-year and dyad-year panels with add_* covariates.")
for module in (data, dataset, models, entanglement, forecast, run, web):
    module.register(app)


def _version(value: bool) -> None:
    if value:
        from coalitionlab.catalog.cite import version_string

        sys.stdout.write(version_string() + "\n")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version, data version and commit.")] = False) -> None:
    """coalitionlab: data, models and tools for research on U.S. military coalitions."""


@app.command("cite")
def cite(
    sources: Annotated[list[str] | None, typer.Argument(help="Bundled data sets to cite too (see `data list`).")]
    = None,
    bibtex: Annotated[bool, typer.Option("--bibtex", help="Print BibTeX entries.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How to cite coalitionlab (software and data set), the RAND studies it rebuilds, and data sets you name.
    Every build, panel and report also writes a BibTeX file of exactly the sources it used."""
    from coalitionlab.catalog.cite import cite as make

    result = make(sources or [])
    if bibtex:
        sys.stdout.write(result.bibtex())
        return
    show_or_json(result, as_json)


# hints the CLI adds to library errors (the library does not name commands)
HINTS = {
    "need(s) dyad-year data": "use `coalitionlab panel dyadyears`",
    "Unknown data set": "`coalitionlab data list` shows every name",
    "No COW state has the code": "`coalitionlab country NAME` finds a code",
    "in the codebook": "`coalitionlab codebook` lists every variable",
}


def _say(message: str) -> None:
    err.print(f"error: {message}", highlight=False, markup=False, soft_wrap=True)


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would turn KeyboardInterrupt into a bare "Aborted!")."""


def _on_sigint(signum, frame) -> None:
    raise Interrupted()


_default_showwarning = warnings.showwarning


def _showwarning(message, category, filename, lineno, file=None, line=None) -> None:
    """Warnings meant for people (an ambiguous country name) as one plain line; others as Python shows them."""
    if issubclass(category, AmbiguousCountryWarning):
        err.print(f"warning: {message}", highlight=False, markup=False, soft_wrap=True)
    else:
        _default_showwarning(message, category, filename, lineno, file, line)


def main() -> None:
    """Entry point: bad input (and a file-system fault the user can fix) prints a message and exits 2; Ctrl-C
    exits 130 with the previous output left whole; nothing else is swallowed."""
    shown, warnings.showwarning = warnings.showwarning, _showwarning
    try:
        previous = signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread (a test runner): keep the default
        previous = None
    try:
        app()
    except BadInputError as exc:
        message = str(exc)
        hints = [h for key, h in HINTS.items() if key in message and h not in message]
        _say(message + (f" ({'; '.join(hints)})" if hints else ""))
        sys.exit(2)
    except (KeyboardInterrupt, Interrupted):
        _say("interrupted; no output was half-written (an earlier output, if any, is left as it was).")
        sys.exit(130)
    except OSError as exc:  # a file-system fault the checks did not foresee: say it, no traceback
        where = f" '{exc.filename}'" if getattr(exc, "filename", None) else ""
        why = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else (exc.strerror or str(exc))
        _say(f"file system{where}: {why}. Check the path, its permissions and the free space, then retry.")
        sys.exit(2)
    finally:
        warnings.showwarning = shown
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
