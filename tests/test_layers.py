"""The house stays layered: every import inside coalitionlab points down the stack of DESIGN.md (or stays in
its own package), lazy imports inside functions included, so there is no upward arrow and no loop."""

import ast
from pathlib import Path

import coalitionlab

SRC = Path(coalitionlab.__file__).parent
# ground floor first; a package may import its own layer's modules and any layer below
LAYERS = {
    "errors": 0, "display": 0, "io": 0,
    "catalog": 1,
    "panels": 2,
    "interventions": 3,
    "models": 4,
    "entanglement": 4.5,  # its models stand on models.inference; its findings E1-E7 are in findings/
    "findings": 5,
    "forecast": 6,
    "report": 7, "web": 7,
    "cli": 8,
}


def _package(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "coalitionlab" else None


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


def _edges() -> set[tuple[str, str, str]]:
    edges = set()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        own = rel.parts[0].removesuffix(".py")
        if own == "__init__" or own == "__main__":
            continue
        for module in _imports(path):
            target = _package(module)
            if target and target != own:
                edges.add((own, target, str(rel)))
    return edges


def test_every_package_has_a_layer():
    packages = {p.name.removesuffix(".py") for p in SRC.iterdir()
                if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")}
    assert packages <= set(LAYERS) | {"__main__"}, packages - set(LAYERS)


def test_no_upward_import():
    upward = sorted(f"{where}: {own} -> {target}" for own, target, where in _edges()
                    if LAYERS[target] > LAYERS[own])
    assert not upward, upward


def test_no_loop_between_packages():
    graph: dict[str, set[str]] = {}
    for own, target, _ in _edges():
        graph.setdefault(own, set()).add(target)

    def reaches(a: str, b: str, seen: set[str]) -> bool:
        for nxt in graph.get(a, ()):
            if nxt == b or (nxt not in seen and reaches(nxt, b, seen | {nxt})):
                return True
        return False

    loops = sorted(p for p in graph if reaches(p, p, {p}))
    assert not loops, loops
