"""Where the evaluated files live: the two seed articles and the BBC corpus, found by file name."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # /work: eval/news -> eval -> main -> work
SEEDS = ROOT / "shared" / "articles"
BBC = ROOT / "shared" / "corpora" / "bbc-news"


def doc_path(name):
    for folder in (SEEDS, BBC):
        path = folder / name
        if path.exists():
            return path
    raise FileNotFoundError(f"{name}: not in {SEEDS} or {BBC}")


def read_doc(name):
    return doc_path(name).read_text(encoding="utf-8")
