"""Run every ```bash block of README.md the way a reader pastes it: from the project folder, in bash with the
project's .venv activated (what the README tells the reader to do after ``make demo``), each block in its own
``bash -e -o pipefail``. Run it after ``make demo``.

Blocks that run ``make`` are skipped unless ``--make`` (``make demo``, ``make test`` and ``make smoke`` take
minutes; run them yourself); ``coalitionlab serve`` runs for a few seconds and must answer on its port, then is
stopped. Prints each block's result and time; exit code 1 when a block failed.

Run: ``.venv/bin/python scripts/check_readme_commands.py [--make] [--only TEXT]``
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"^```bash\n(.*?)^```", re.S | re.M)
PRELUDE = "source .venv/bin/activate\n"
SERVE = """coalitionlab serve --port {port} > /tmp/coalitionlab_readme_serve.log 2>&1 &
pid=$!
for i in $(seq 1 60); do
  if python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:{port}/', timeout=2)" 2>/dev/null; then
    kill $pid; wait $pid 2>/dev/null || true; echo "serve answered on port {port}"; exit 0
  fi
  sleep 1
done
kill $pid; cat /tmp/coalitionlab_readme_serve.log; exit 1
"""


def blocks(text: str) -> list[str]:
    return [m.group(1) for m in BLOCK.finditer(text)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--make", action="store_true", help="run the blocks that call make too")
    ap.add_argument("--only", help="run only the blocks that contain this text")
    args = ap.parse_args()
    failed = 0
    for i, block in enumerate(blocks((ROOT / "README.md").read_text(encoding="utf-8")), 1):
        first = block.strip().splitlines()[0]
        if args.only and args.only not in block:
            continue
        if re.search(r"^\s*make\b", block, re.M) and not args.make:
            print(f"-- block {i} skipped (make): {first}")
            continue
        script = block
        if re.search(r"^\s*coalitionlab serve\b", block, re.M):
            script = SERVE.format(port=8765)
        started = time.perf_counter()
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", PRELUDE + script], cwd=ROOT,
                              capture_output=True, text=True)
        took = time.perf_counter() - started
        ok = proc.returncode == 0
        failed += not ok
        print(f"{'ok  ' if ok else 'FAIL'} block {i} ({took:5.1f} s, exit {proc.returncode}): {first}", flush=True)
        if not ok:
            print("   stdout: " + proc.stdout[-1500:].replace("\n", "\n   "))
            print("   stderr: " + proc.stderr[-1500:].replace("\n", "\n   "))
    print(f"{failed} block(s) failed" if failed else "every block ran")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
