#!/usr/bin/env bash
# Wheel smoke test: does `pip install .` (not editable) give a working tool?
#
# Builds a wheel from the checkout's files (tracked and untracked, not ignored; copied to a temporary folder so
# nothing is built in the checkout), installs it with its dependencies into a fresh virtual environment (pip may
# use the package registry and its usual cache), and runs the command from a temporary folder outside the
# checkout. Exits non-zero if any step fails. Run by `make smoke` and by `.ci/run`.
#
#   scripts/wheel_smoke.sh            # data verify, findings --json, build, demo
#   scripts/wheel_smoke.sh --quick    # without demo (it repeats build and the fits; the suite tests it): CI
#   SMOKE_KEEP=1 scripts/wheel_smoke.sh   # keep the temporary folder for a look afterwards
#   PYTHON=python3.12 scripts/wheel_smoke.sh
set -euo pipefail

QUICK=0
case "${1:-}" in
  --quick) QUICK=1 ;;
  "") ;;
  *) echo "usage: $0 [--quick]" >&2; exit 2 ;;
esac
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/coalitionlab-smoke.XXXXXX")"
if [[ "${SMOKE_KEEP:-0}" == 1 ]]; then
  trap 'echo "smoke: kept $WORK"' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
unset PYTHONPATH VIRTUAL_ENV

step() { printf '== %s\n' "$*"; }
start=$SECONDS

step "copy the source tree"
mkdir -p "$WORK/src"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
     | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$WORK/src"
else  # not a git checkout (an unpacked archive): everything but the local build products
  tar -C "$ROOT" --exclude=./.venv --exclude=./out --exclude=./build --exclude='*.egg-info' \
    --exclude=__pycache__ -cf - . | tar -xf - -C "$WORK/src"
fi

step "build the wheel"
"$PYTHON" -m pip wheel --quiet --no-deps -w "$WORK/wheel" "$WORK/src"
wheel=$(ls "$WORK"/wheel/coalitionlab-*.whl)
echo "$(basename "$wheel"): $("$PYTHON" -c 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))' "$wheel") files"

step "install it into a fresh virtual environment"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet "$wheel" 2> >(grep -v "is neither a file nor a directory" >&2)
"$WORK/venv/bin/python" -m pip check
CLI="$WORK/venv/bin/coalitionlab"
echo "installed in $(($SECONDS - start))s"

mkdir -p "$WORK/run"
cd "$WORK/run"  # outside the checkout: only the installed package can be imported
"$WORK/venv/bin/python" - "$WORK/venv" <<'EOF'
import sys
import coalitionlab
where = coalitionlab.__file__
assert where.startswith(sys.argv[1]), f"coalitionlab imported from {where}, not from the fresh environment"
from importlib.metadata import version
assert version("coalitionlab") == coalitionlab.__version__, (version("coalitionlab"), coalitionlab.__version__)
print(f"coalitionlab {coalitionlab.__version__} from {where}")
EOF

run() {
  local t0=$SECONDS
  step "coalitionlab $*"
  "$CLI" "$@" > "$WORK/run/stdout" 2> "$WORK/run/stderr" || {
    echo "FAILED (exit $?): coalitionlab $*"; tail -n 30 "$WORK/run/stdout" "$WORK/run/stderr"; exit 1; }
  echo "ok in $(($SECONDS - t0))s"
}

run data verify
run findings --json
"$WORK/venv/bin/python" -c 'import json, sys; assert json.load(open(sys.argv[1])), "findings --json: empty"' \
  "$WORK/run/stdout"
run build --out "$WORK/run/dataset"
test -s "$WORK/run/dataset/interventions.parquet" && test -s "$WORK/run/dataset/partners.parquet"
if [[ $QUICK == 0 ]]; then
  run demo --out "$WORK/run/out"
  test -s "$WORK/run/out/report.md" && test -s "$WORK/run/out/findings.json"
fi

echo "smoke: ok in $(($SECONDS - start))s"
