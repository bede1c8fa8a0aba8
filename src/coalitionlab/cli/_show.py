"""Showing results in a terminal: a Summary through rich, or strict JSON. Nothing is computed here."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table as RichTable

from coalitionlab.display import Summary, Table, fmt
from coalitionlab.io import json_dumps

console = Console()
err = Console(stderr=True)
VERDICT_COLORS = {"supported": "green", "contrary": "red", "not supported": "yellow", "not testable": "dim",
                  "partly supported": "cyan", "mixed": "magenta", "not applicable": "dim"}


def echo_json(obj: Any) -> None:
    """Strict JSON on stdout (NaN as null)."""
    sys.stdout.write(json_dumps(obj) + "\n")


def _cell(text: str) -> str:
    color = VERDICT_COLORS.get(text)
    if color is None and text.endswith(" fragile"):
        return text.replace(" fragile", " [red]fragile[/]")
    return f"[{color}]{text}[/]" if color else text.replace("[", "\\[")


def _table(t: Table) -> RichTable:
    table = RichTable(title=t.title, title_justify="left")
    for c, num in zip(t.columns, t.numeric_columns(), strict=True):
        table.add_column(c, justify="right" if num else "left", overflow="fold")
    for row in t.cells():
        table.add_row(*[_cell(c) for c in row])
    return table


def show(result: Summary | str | Any, level: int = 0) -> None:
    """Print a result's summary: a :class:`Summary` (or an object with ``summary()``) through rich."""
    summary = result.summary() if hasattr(result, "summary") and not isinstance(result, Summary) else result
    if isinstance(summary, str):
        sys.stdout.write(summary + "\n")
        return
    style = "bold underline" if level == 0 else "bold"
    console.print(f"[{style}]{summary.title}[/]", highlight=False)
    if summary.facts:
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column()
        for label, value in summary.facts:
            grid.add_row(label, fmt(value, summary.digits).replace("[", "\\["))
        console.print(grid)
    for t in summary.tables:
        console.print(_table(t))
    for note in summary.notes:
        console.print(f"[dim]Note: {note}[/]", highlight=False)
    for section in summary.sections:
        console.print()
        show(section, level + 1)


def show_or_json(result: Any, as_json: bool) -> None:
    """The one way a command prints its result: ``to_dict()`` as JSON, or ``summary()`` through rich."""
    if as_json:
        echo_json(result.to_dict())
    else:
        show(result)


QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages.")]


@contextlib.contextmanager
def progress_steps(what: str, total: int, quiet: bool = False) -> Iterator[Callable[[str], None]]:
    """A ``step(message)`` callback for a long command: a progress bar on a terminal, plain time-stamped lines
    on stderr otherwise (logs, pipes), nothing with ``quiet``. Results go to stdout, progress to stderr."""
    if quiet:
        yield lambda _msg: None
        return
    started = time.perf_counter()
    if err.is_terminal:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err,
                      transient=True) as progress:
            task = progress.add_task(what, total=total)

            def step(msg: str) -> None:
                progress.update(task, advance=1, description=msg)

            yield step
        return
    count = 0

    def line(msg: str) -> None:
        nonlocal count
        count += 1
        err.print(f"[{time.perf_counter() - started:6.1f} s] {what} {min(count, total)}/{total}: {msg}",
                  highlight=False, markup=False, soft_wrap=True)

    yield line
