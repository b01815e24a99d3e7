"""The loaders layout rule: a stage imports another stage only through that stage's package (its __init__)."""

from __future__ import annotations

import ast
from pathlib import Path

LOADERS = Path(__file__).resolve().parents[2] / "loaders"
STAGES = {p.name for p in LOADERS.iterdir() if (p / "__init__.py").is_file()}


def _stage_of(path: Path) -> str:
    rel = path.relative_to(LOADERS).parts
    return rel[0] if len(rel) > 1 else ""


def test_the_stages_are_packages() -> None:
    assert {"read", "structure", "mentions", "relations", "lang"} <= STAGES


def test_no_module_reaches_into_another_stages_internals() -> None:
    offences = []
    for path in LOADERS.rglob("*.py"):
        own = _stage_of(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            parts = node.module.split(".")
            if parts[0] != "loaders" or len(parts) < 3 or parts[1] not in STAGES:
                continue
            if parts[1] != own:
                offences.append(f"{path.relative_to(LOADERS)}: from {node.module} import …")
    assert not offences, "import these through the stage package instead:\n" + "\n".join(offences)
