"""``coalitionlab data verify``: the bundled tables against their sha256, and the curated facts (bundled, or a
user's ``--curated`` folder) as files: UTF-8 text, valid YAML, a list of entries, each fact with a citation and
an http(s) address. The build applies the full rules (known intervention ids, sources of record, roles,
windows); this check is fast and names every broken file at once instead of stopping at the first."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from coalitionlab.catalog.registry import verify_all
from coalitionlab.display import Summary, Table
from coalitionlab.errors import BadInputError

BUNDLED_CURATED = Path(str(resources.files("coalitionlab") / "interventions" / "curated"))
# files of facts: every entry needs a citation and a public address (tago_crosswalk is a crosswalk, not facts)
FACT_KINDS = ("partners", "exclusions", "war_links", "igo", "igo_sponsorship", "success", "nato_aspirants")


def _kind(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    return rel.parts[0] if len(rel.parts) > 1 else path.stem


def check_curated_file(path: Path, kind: str) -> tuple[int, str | None]:
    """(number of entries, problem or None) of one curated YAML file."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return 0, f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8"
    except OSError as exc:
        return 0, f"cannot be read ({exc.strerror})"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return 0, f"not valid YAML: {' '.join(str(exc).split())}"
    if data is None:
        return 0, None
    if not isinstance(data, list):
        return 0, "expected a YAML list of entries"
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict):
            return len(data), f"entry {i} is not a mapping"
        if kind in FACT_KINDS:
            for key in ("citation", "url"):
                if not str(item.get(key) or "").strip():
                    return len(data), f"entry {i} ({item.get('intervention_id') or item.get('ccode') or '?'}) has " \
                                      f"no {key}; every curated fact needs a citation and a public address"
            if not str(item["url"]).strip().startswith(("http://", "https://")):
                return len(data), f"entry {i}: url '{item['url']}' is not an http(s) address"
    return len(data), None


@dataclass
class Verification:
    """The result of ``data verify``: each bundled table and each curated file, with its problem if any."""

    bundled: dict[str, str | None]
    curated: list[dict] = field(default_factory=list)
    curated_dir: str = ""

    @property
    def problems(self) -> list[str]:
        return ([f"{k}: {v}" for k, v in self.bundled.items() if v]
                + [f"{c['file']}: {c['problem']}" for c in self.curated if c["problem"]])

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> Summary:
        bad_b = sum(1 for v in self.bundled.values() if v)
        bad_c = sum(1 for c in self.curated if c["problem"])
        s = Summary("Data verification", facts=[
            ("Bundled tables", f"{len(self.bundled) - bad_b} of {len(self.bundled)} match their sha256"),
            ("Curated files", f"{len(self.curated) - bad_c} of {len(self.curated)} readable, valid, every fact "
                              f"cited ({self.curated_dir})"),
            ("Curated entries", sum(c["entries"] for c in self.curated))])
        if self.problems:
            s.add_table(Table(["problem"], [[p] for p in self.problems]), "Problems")
        return s

    def to_dict(self) -> dict:
        return {"ok": self.ok, "bundled": self.bundled, "curated_dir": self.curated_dir, "curated": self.curated,
                "problems": self.problems}


def verify_curated(folder: str | Path | None = None) -> list[dict]:
    """Check every YAML file of a curated folder (default: the bundled one): file, kind, entries, sha256,
    problem."""
    from coalitionlab.io import check_input_dir

    root = Path(folder) if folder is not None else BUNDLED_CURATED
    if folder is not None:
        check_input_dir(root, "--curated", pattern=None)
    out = []
    for p in sorted(p for pat in ("*.yaml", "*/*.yaml") for p in root.glob(pat)):  # what the build reads
        kind = _kind(p, root)
        if not p.is_file():
            out.append({"file": str(p.relative_to(root)), "kind": kind, "entries": 0, "sha256": "",
                        "problem": "not a regular file"})
            continue
        n, problem = check_curated_file(p, kind)
        out.append({"file": str(p.relative_to(root)), "kind": kind, "entries": n,
                    "sha256": hashlib.sha256(p.read_bytes()).hexdigest(), "problem": problem})
    if folder is not None and not any(c["kind"] == "partners" for c in out):
        raise BadInputError(f"--curated '{root}' has no partners.yaml and no partners/ folder of YAML files; a "
                            "curated facts folder needs at least the partner entries.")
    return out


def verify_data(curated_dir: str | Path | None = None) -> Verification:
    """Verify the bundled tables and the curated facts (bundled, or those in ``curated_dir``)."""
    curated = verify_curated(curated_dir)
    return Verification(verify_all(), curated, str(curated_dir or BUNDLED_CURATED))
