"""Import a SQuAD-format file (v1.1 or v2.0) as an article folder and a question set.

Each SQuAD article becomes one .txt file (a "Title:" header line, then its
paragraphs separated by blank lines), which the normal ingest reads like any
article; each question becomes one line of the contract's JSONL with the file
name as its expected document. SQuAD 2.0 `is_impossible` questions become
`answerable: false`, so refusal is scored on them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import SquadFormatError


@dataclass
class ImportSummary:
    articles: int
    paragraphs: int
    questions: int
    unanswerable: int
    corpus_dir: Path
    questions_path: Path

    def text(self) -> str:
        return (
            f"imported {self.articles} articles ({self.paragraphs} paragraphs) into {self.corpus_dir} and "
            f"{self.questions} questions ({self.unanswerable} unanswerable) into {self.questions_path}"
        )


def _slug(title: str, index: int) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "_", title).strip("_")[:60] or "article"
    return f"{index:04d}_{slug}.txt"


def _require(value: object, kind: type, where: str) -> object:
    if not isinstance(value, kind):
        raise SquadFormatError(f"{where}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def import_squad(squad_path: str | Path, corpus_dir: str | Path, questions_path: str | Path) -> ImportSummary:
    """Write the article files and the question set; validate everything before writing anything."""
    squad_path, corpus_dir, questions_path = Path(squad_path), Path(corpus_dir), Path(questions_path)
    try:
        data = json.loads(squad_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SquadFormatError(f"SQuAD file not found: {squad_path}") from exc
    except json.JSONDecodeError as exc:
        raise SquadFormatError(f"{squad_path}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc
    articles = _require(_require(data, dict, str(squad_path)).get("data"), list, f"{squad_path}: data")
    files: list[tuple[str, str]] = []
    rows: list[dict] = []
    paragraphs = 0
    for i, article in enumerate(articles):
        where = f"{squad_path}: data[{i}]"
        _require(article, dict, where)
        title = str(article.get("title") or f"Article {i + 1}").replace("_", " ")
        name = _slug(title, i)
        contexts = []
        for j, para in enumerate(_require(article.get("paragraphs"), list, f"{where}.paragraphs")):
            pwhere = f"{where}.paragraphs[{j}]"
            context = _require(_require(para, dict, pwhere).get("context"), str, f"{pwhere}.context")
            contexts.append(" ".join(context.split()))
            paragraphs += 1
            for k, qa in enumerate(_require(para.get("qas", []), list, f"{pwhere}.qas")):
                rows.append(_question(qa, f"{pwhere}.qas[{k}]", context, name))
        files.append((name, f"Title: {title}\n\n" + "\n\n".join(contexts) + "\n"))
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files:
        (corpus_dir / name).write_text(text, encoding="utf-8")
    questions_path.parent.mkdir(parents=True, exist_ok=True)
    with open(questions_path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return ImportSummary(
        len(files), paragraphs, len(rows), sum(not r["answerable"] for r in rows), corpus_dir, questions_path
    )


def _question(qa: object, where: str, context: str, doc_id: str) -> dict:
    _require(qa, dict, where)
    question = _require(qa.get("question"), str, f"{where}.question").strip()
    if not question:
        raise SquadFormatError(f"{where}.question: empty")
    impossible = bool(qa.get("is_impossible", False))
    answers: list[str] = []
    for n, ans in enumerate(_require(qa.get("answers", []), list, f"{where}.answers")):
        text = _require(_require(ans, dict, f"{where}.answers[{n}]").get("text"), str, f"{where}.answers[{n}].text")
        start = ans.get("answer_start")
        if isinstance(start, int) and context[start : start + len(text)] != text:
            raise SquadFormatError(f"{where}.answers[{n}]: answer_start {start} does not point at '{text}'")
        if text.strip() and text not in answers:
            answers.append(text)
    if not impossible and not answers:
        raise SquadFormatError(f"{where}: answerable question without answers (is_impossible is not set)")
    row = {
        "id": str(qa.get("id") or where),
        "question": question,
        "answers": [] if impossible else answers,
        "answerable": not impossible,
        "doc_ids": [doc_id],
    }
    return row
