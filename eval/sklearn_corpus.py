"""Prose paragraphs from the dataset descriptions that scikit-learn bundles (BSD-3-Clause).

Why these: the machine is offline and no installable package ships SQuAD or a
similar reading-comprehension set, but scikit-learn ships fourteen short,
factual documents (its `sklearn/datasets/descr/*.rst`). This module strips
their reStructuredText markup (directives, tables, field-list colons) into
plain paragraphs, the contexts of the SQuAD-format set built by
`build_sklearn_squad.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import sklearn

DESCR = Path(sklearn.__file__).parent / "datasets" / "descr"
_TABLE_RULE = re.compile(r"^\s*=+(\s+=+)*\s*$")
_UNDERLINE = re.compile(r"^\s*[-=~^]{3,}\s*$")
_FIELD = re.compile(r"^\s*:([^:]+):\s*(.*)$")


def _clean_line(line: str) -> str:
    line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
    line = re.sub(r"`([^`<]+?)\s*<[^>]+>`_+", r"\1", line)  # `text <url>`_ -> text
    line = re.sub(r":(?:ref|func|class|doc):`~?([^`<]+?)(?:\s*<[^>]+>)?`", r"\1", line)
    line = line.replace("``", "").replace("`", "")
    field = _FIELD.match(line)
    if field:
        line = f"{field.group(1).strip()}: {field.group(2).strip()}".rstrip(": ")
    return line.strip()


def paragraphs(text: str) -> tuple[str, list[str]]:
    """(title, paragraphs): tables and directives dropped, each block joined into one line."""
    lines = text.splitlines()
    title, out, block, in_table = "", [], [], False
    for i, raw in enumerate(lines):
        if _TABLE_RULE.match(raw) and raw.strip().startswith("="):
            # A simple table has a rule on top, under its header and at its end; the end
            # rule is the one followed by a blank line.
            at_end = i + 1 >= len(lines) or not lines[i + 1].strip()
            in_table = not at_end if in_table else True
            if at_end:
                in_table = False
            continue
        if in_table:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not title and raw.strip() and _UNDERLINE.match(nxt) and not raw.startswith(".."):
            title = raw.strip()
            continue
        if _UNDERLINE.match(raw) or raw.strip().startswith(".. ") or raw.strip() in (">>>", "..."):
            if block:
                out.append(block)
                block = []
            continue
        if raw.strip().startswith((">>> ", "... ")) or re.match(r"^\s{4,}\S.*[=(\[]", raw) and ">>>" in text:
            continue
        line = _clean_line(raw)
        if not line:
            if block:
                out.append(block)
                block = []
            continue
        if line.startswith("- "):
            line = line[2:]
        block.append(line)
    if block:
        out.append(block)
    paras = []
    for b in out:
        joined = " ".join(b)
        if len(joined.split()) >= 4 and not joined.startswith(("http", "Data Set Characteristics")):
            paras.append(" ".join(joined.split()))
    return title, paras


def documents() -> dict[str, tuple[str, list[str]]]:
    """name -> (title, paragraphs) for every bundled description."""
    return {p.stem: paragraphs(p.read_text(encoding="utf-8")) for p in sorted(DESCR.glob("*.rst"))}


if __name__ == "__main__":
    for name, (title, paras) in documents().items():
        print(f"=== {name}: {title}")
        for i, p in enumerate(paras):
            print(f"[{i}] {p}")
