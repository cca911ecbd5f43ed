"""A reproducible news-like corpus for benchmarks, made from the seed articles.

Each synthetic article draws sentences (with their real lengths and vocabulary)
from the articles in data/, so tokenisation and embedding costs are those of
real news text; a fixed seed makes every run ingest the same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

from assistant.ingest.cleaning import clean_page
from assistant.text import sentence_spans

ROOT = Path(__file__).resolve().parent.parent


def seed_sentences(data_dir: Path = ROOT / "data") -> list[str]:
    sentences = []
    for path in sorted(data_dir.glob("*.txt")):
        body = clean_page(path.read_text(encoding="utf-8")).body
        sentences += [body[s:e] for s, e in sentence_spans(body)]
    return sentences


def write_corpus(folder: Path, articles: int, sentences_per_article: int = 24, seed: int = 7) -> Path:
    rng = random.Random(seed)
    pool = seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(articles):
        lines = [f"Bench Wire\n\nStory {i}: {rng.choice(pool)[:60].rstrip('.')}\n"]
        paragraph: list[str] = []
        for _ in range(sentences_per_article):
            paragraph.append(rng.choice(pool))
            if len(paragraph) == 3:
                lines.append(" ".join(paragraph))
                paragraph = []
        lines.append(" ".join(paragraph))
        (folder / f"story_{i:05}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
