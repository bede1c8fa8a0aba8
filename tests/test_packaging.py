"""The wheel carries every file the package reads at run time.

setuptools puts a non-Python file into the wheel only if it matches a `[tool.setuptools.package-data]` glob,
expanded with `glob(recursive=True)` from the package folder. A file left out works in the editable checkout and
fails after `pip install .` (as `data/SHA256SUMS` once did), so these tests expand the globs the same way.
The full check (build the wheel, install it into a fresh environment, run the command) is
`scripts/wheel_smoke.sh`, run by `make smoke` and by `.ci/run`.
"""

from __future__ import annotations

import glob
import os
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "src" / "coalitionlab"


def _patterns() -> list[str]:
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return cfg["tool"]["setuptools"]["package-data"]["coalitionlab"]


def _packaged(pkg_dir: Path) -> set[str]:
    """Paths (relative to pkg_dir, '/'-separated) that the package-data globs put into the wheel."""
    out: set[str] = set()
    for pattern in _patterns():
        for f in glob.glob(os.path.join(pkg_dir, pattern), recursive=True):
            if os.path.isfile(f):
                out.add(Path(f).relative_to(pkg_dir).as_posix())
    return out


def _data_files(pkg_dir: Path) -> list[str]:
    """Every file under pkg_dir that is not Python source or bytecode."""
    return sorted(
        p.relative_to(pkg_dir).as_posix()
        for p in pkg_dir.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    )


def test_every_data_file_is_package_data():
    files = _data_files(PKG)
    missing = sorted(set(files) - _packaged(PKG))
    assert not missing, f"not in pyproject's [tool.setuptools.package-data], so missing from the wheel: {missing}"
    # the files whose absence broke the installed tool, and one of each kind
    for f in ("data/SHA256SUMS", "data/atop_dyad.parquet", "catalog/registry.yaml", "interventions/codebook.yaml",
              "interventions/curated/tago_crosswalk.yaml"):
        assert f in files


@pytest.mark.parametrize("path", [
    "interventions/curated/nato_aspirants.yaml",
    "interventions/curated/success/korea.yaml",
    "interventions/curated/partners/a/b.yaml",
    "entanglement/cases/cases.yaml",
    "forecast/scenarios.yaml",
])
def test_new_curated_yaml_is_covered(tmp_path, path):
    """Any YAML in the package (e.g. under interventions/curated/) goes into the wheel: new folders need no edit."""
    f = tmp_path / path
    f.parent.mkdir(parents=True)
    f.write_text("[]\n")
    assert path in _packaged(tmp_path)


# resources.files("coalitionlab") / "a" / "b"  and  NAME_DIR / "file"  where NAME_DIR is such a path
_RESOURCE = re.compile(r'resources\.files\("coalitionlab"\)((?:\s*/\s*"[^"]+")+)')


def test_resource_paths_in_code_exist():
    """Every package path the code builds with importlib.resources is a file or folder in the source tree."""
    found = []
    for py in PKG.rglob("*.py"):
        for m in _RESOURCE.finditer(py.read_text(encoding="utf-8")):
            rel = "/".join(re.findall(r'"([^"]+)"', m.group(1)))
            found.append(rel)
            assert (PKG / rel).exists(), f"{py.relative_to(ROOT)} reads coalitionlab/{rel}, which does not exist"
    assert {"data", "catalog/registry.yaml", "interventions/curated"} <= set(found)
