"""A reproducible news-like corpus for benchmarks, made from the seed articles.

Each synthetic article draws sentences (with their real lengths and vocabulary)
from the articles in data/, so tokenisation and embedding costs are those of
real news text; a fixed seed makes every run ingest the same bytes.
"""

from __future__ import annotations

import random
import re
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


def write_recombined(source: Path, folder: Path, articles: int, seed: int = 12) -> Path:
    """`articles` synthetic stories recombined from real ones (e.g. the 1,111 BBC stories), for ingest at scale.

    Each takes the headline of one story of a section and three to five paragraphs from
    stories of the same section, with their numbers changed and one sentence in four dropped:
    real news text and lengths, but no two stories close enough to be folded as near-duplicates
    (which would make the corpus smaller than asked).
    """
    rng = random.Random(seed)
    by_section: dict[str, list[tuple[str, list[str]]]] = {}
    for path in sorted(source.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
        by_section.setdefault(path.name.split("_")[0], []).append((title.strip(), paragraphs))
    sections = sorted(by_section)
    folder.mkdir(parents=True, exist_ok=True)
    number = re.compile(r"\d+")
    for i in range(articles):
        section = sections[i % len(sections)]
        stories = by_section[section]
        title = rng.choice(stories)[0]
        paragraphs = []
        for _ in range(rng.randint(3, 5)):
            paragraph = rng.choice(rng.choice(stories)[1])
            sentences = [paragraph[s:e] for s, e in sentence_spans(paragraph)]
            kept = [s for s in sentences if rng.random() > 0.25] or sentences[:1]
            text = " ".join(kept)
            paragraphs.append(number.sub(lambda m: str(rng.randint(2, 10 ** len(m.group())) - 1), text))
        (folder / f"{section}_{i:06}.txt").write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder
