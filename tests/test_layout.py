"""The package layout holds: imports run one way, every subpackage ships, every module is documented.

docs/architecture.md states the rule: surfaces (web, cli, evaluation) -> core ->
stages (ingest, index, retrieval, answering, llm) -> base (models, text, config,
errors). Imports are read from the source with `ast`, so a lazy import inside a
function counts as much as one at the top of the file.
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "assistant"

BASE = {"models", "text", "config", "errors"}
STAGES = {"ingest", "index", "retrieval", "answering", "llm"}
CORE = {"core"}
SURFACES = {"web", "cli", "evaluation", "__main__"}
RANK = {**dict.fromkeys(BASE, 0), **dict.fromkeys(STAGES, 1), **dict.fromkeys(CORE, 2), **dict.fromkeys(SURFACES, 3)}
LAYER_NAMES = {0: "base", 1: "stage", 2: "core", 3: "surface"}
# Stage pairs that must not depend on each other, beyond the layer order.
FORBIDDEN = {("answering", "llm"): "answering never imports llm: llm uses answering, not the reverse"}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[tuple[str, int]]:
    """(absolute module name, line) of every `assistant` import in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    own = module_name(path, root)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from assistant import text` imports a module; `from assistant import Config` the package.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                where = root / Path(*candidate.split("."))
                is_module = where.with_suffix(".py").is_file() or where.is_dir()
                found.append((candidate if is_module else target, node.lineno))
    return [(name, line) for name, line in found if name == "assistant" or name.startswith("assistant.")]


def part_of(name: str) -> str | None:
    """The layout part a module belongs to: 'core', 'ingest', 'models', ...; None for the package itself."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def rank_of(name: str) -> int | None:
    part = part_of(name)
    if part is None:  # `import assistant` / `from assistant import X` runs __init__, which imports core
        return RANK["core"]
    return RANK.get(part)


def test_every_module_belongs_to_a_layer():
    unknown = sorted(
        {part_of(module_name(p)) for p in modules()} - set(RANK) - {None}  # None: assistant/__init__.py
    )
    assert not unknown, f"add {unknown} to a layer here and in docs/architecture.md"


def test_no_module_imports_from_a_layer_above_it():
    problems = []
    for path in modules():
        name = module_name(path)
        own = part_of(name)
        if own is None:  # assistant/__init__.py re-exports the public names
            continue
        for target, line in imported_modules(path):
            theirs = part_of(target)
            where = f"{path.relative_to(ROOT)}:{line} imports {target}"
            if rank_of(target) > RANK[own]:
                problems.append(
                    f"{where}: a {LAYER_NAMES[RANK[own]]} module may not import a {LAYER_NAMES[rank_of(target)]}"
                )
            elif (own, theirs) in FORBIDDEN:
                problems.append(f"{where}: {FORBIDDEN[own, theirs]}")
    assert not problems, "upward imports (see docs/architecture.md, Import direction):\n" + "\n".join(problems)


def test_the_checker_sees_lazy_relative_and_package_imports(tmp_path):
    """The import reader itself, on a made-up module: every kind of import is found and ranked."""
    for folder in ("answering", "llm"):
        (tmp_path / "assistant" / folder).mkdir(parents=True)
    (tmp_path / "assistant" / "text.py").write_text("", encoding="utf-8")
    probe = tmp_path / "assistant" / "answering" / "probe.py"
    probe.write_text(
        "import json\n"
        "from ..models import Answer\n"
        "from assistant import Config, text\n"
        "def later():\n"
        "    from assistant.llm.client import ChatClient\n"
        "    import assistant.core\n",
        encoding="utf-8",
    )
    found = [name for name, _ in imported_modules(probe, tmp_path)]
    assert sorted(found) == sorted(
        ["assistant.models", "assistant", "assistant.text", "assistant.llm.client", "assistant.core"]
    )
    assert [rank_of(n) for n in ("assistant.models", "assistant", "assistant.llm.client", "assistant.core")] == [
        0,
        2,
        1,
        2,
    ]


def test_every_subpackage_ships_in_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    subpackages = {module_name(p) for p in PACKAGE.rglob("__init__.py") if "__pycache__" not in p.parts}
    folders = {
        ".".join(p.relative_to(ROOT).parts)
        for p in PACKAGE.rglob("*")
        if p.is_dir() and p.name != "__pycache__" and any(p.glob("*.py"))
    }
    missing = sorted((subpackages | folders) - listed)
    assert not missing, f"add {missing} to [tool.setuptools] packages in pyproject.toml (or the wheel lacks them)"
    assert "assistant.prompts" in listed and config["package-dir"]["assistant.prompts"] == "prompts"
    assert "*.txt" in config["package-data"]["assistant.prompts"]


def documented_modules() -> set[str]:
    """Module paths (relative to assistant/) listed in the Layout block of docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    listed, folder = set(), ""
    for line in block.splitlines():
        match = re.match(r"^( *)(\S+)", line)
        if not match:
            continue
        indent, name = len(match.group(1)), match.group(2)
        if name.endswith("/") and indent == 2:
            folder = name
        elif name.endswith(".py"):
            listed.add((folder if indent > 2 else "") + name)
    return listed


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_has_a_line_in_the_architecture_doc(path):
    if path.name == "__init__.py" and path.parent != PACKAGE:
        return  # subpackage markers
    assert str(path.relative_to(PACKAGE)) in documented_modules(), (
        f"add assistant/{path.relative_to(PACKAGE)} with a one-line job to the Layout of docs/architecture.md"
    )
