"""Run every benchmarks/bench_*.py (what ``make bench`` does) and end with a summary: for each script, its time and
whether it ran with all targets met, ran with targets missed (its lines marked FAIL are repeated), or did not finish
(a crash or an early exit). Each script's own output is shown as it comes.

Exit code: 0 when every script ran to its end (missed targets are reported, they are not an error), 1 when a
script did not finish, 130 on Ctrl-C. Run: ``.venv/bin/python benchmarks/run_all.py [NAME ...]`` (names like
``bench_models`` or ``models`` pick scripts; default all).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FAIL = re.compile(r"\bFAIL\b")
TALLY = re.compile(r"^\d+ target(s|\(s\))? FAIL")  # a script's own count of its FAIL lines, not one more


@dataclass
class Outcome:
    script: str
    code: int | None = None
    seconds: float = 0.0
    fails: list[str] = field(default_factory=list)
    traceback: bool = False
    last: str = ""

    @property
    def finished(self) -> bool:
        """Ran to its end: exit 0, or exit 1 after reporting missed targets (the scripts' convention)."""
        return not self.traceback and (self.code == 0 or (self.code == 1 and bool(self.fails)))

    def verdict(self) -> str:
        if self.code is None:
            return "interrupted"
        if not self.finished:
            why = "crashed" if self.traceback else "did not finish"
            return f"{why} (exit {self.code}): {self.last}" if self.last else f"{why} (exit {self.code})"
        if self.fails:
            return f"ran; {len(self.fails)} target(s) missed (marked FAIL):"
        return "ran; all targets met"


def _pick(names: list[str]) -> list[Path]:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not names:
        return scripts
    wanted = {n.removesuffix(".py").removeprefix("bench_") for n in names}
    picked = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    unknown = wanted - {s.stem.removeprefix("bench_") for s in picked}
    if unknown:
        raise SystemExit(f"no benchmark named {', '.join(sorted(unknown))}; there are "
                         f"{', '.join(s.stem for s in scripts)}")
    return picked


def run(script: Path) -> Outcome:
    """Run one script with its output streamed through, and judge how it ended."""
    out = Outcome(script.name)
    print(f"== {script.relative_to(HERE.parent)}", flush=True)
    started = time.perf_counter()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          errors="replace", env=env) as proc:
        try:
            for line in proc.stdout:
                sys.stdout.write(line)
                sys.stdout.flush()
                text = line.strip()
                if text:
                    out.last = text[:200]
                if text.startswith("Traceback (most recent call last)"):
                    out.traceback = True
                if FAIL.search(text) and not TALLY.match(text):
                    out.fails.append(text)
            out.code = proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            proc.wait()
            out.seconds = time.perf_counter() - started
            raise
    out.seconds = time.perf_counter() - started
    return out


def summary(outcomes: list[Outcome], pending: list[Path], seconds: float) -> str:
    ran = sum(o.finished for o in outcomes)
    lines = [f"== make bench: {ran} of {len(outcomes) + len(pending)} benchmark scripts ran to their end "
             f"in {seconds / 60:.1f} min"]
    width = max([len(o.script) for o in outcomes] + [len(p.name) for p in pending] + [6])
    for o in outcomes:
        lines.append(f"  {o.script:<{width}}  {o.seconds:7.1f} s  {o.verdict()}")
        lines += [f"  {'':<{width}}             {f}" for f in o.fails[:12]]
    lines += [f"  {p.name:<{width}}        -    not run" for p in pending]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    scripts = _pick(argv)
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    try:
        for script in scripts:
            outcomes.append(run(script))
    except KeyboardInterrupt:
        outcomes.append(Outcome(scripts[len(outcomes)].name))
        print("\n" + summary(outcomes, scripts[len(outcomes):], time.perf_counter() - started), flush=True)
        return 130
    print("\n" + summary(outcomes, [], time.perf_counter() - started), flush=True)
    return 0 if all(o.finished for o in outcomes) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
