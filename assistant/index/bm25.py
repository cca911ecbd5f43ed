"""The lexical side: llama-index's BM25Retriever (bm25s) over passages, built at ingest and persisted;
read back with bm25s alone (`LoadedBM25`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.models import Article, Passage

# llama-index's BM25Retriever defaults, which build_bm25 uses: English Snowball stemming, this pattern.
TOKEN_PATTERN = r"(?u)\b\w\w+\b"


@dataclass
class LoadedBM25:
    """A persisted BM25Retriever read back as the parts search_bm25 uses (the same attribute names).

    Read with bm25s directly: importing llama-index for the retriever class cost about a second
    of every server start (issue 12, fast start), and searching never needed it.
    """

    bm25: Any  # bm25s.BM25, with its corpus (the llama-index node entries)
    corpus: list
    stemmer: Any
    token_pattern: str = TOKEN_PATTERN


def build_bm25(passages: list[Passage], articles: dict[str, Article]):
    """BM25 over passage text plus its article title, built once at ingest and persisted."""
    if not passages:
        return None
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    nodes = [
        TextNode(
            id_=str(p.passage_id),
            text=p.text,
            metadata={"title": articles[p.doc_id].title},
            excluded_llm_metadata_keys=["title"],
        )
        for p in passages
    ]
    return BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=len(nodes), language="en")


def load_bm25(folder: Path) -> LoadedBM25:
    import bm25s
    import Stemmer

    model = bm25s.BM25.load(str(folder), load_corpus=True)
    return LoadedBM25(model, model.corpus, Stemmer.Stemmer("english"))


def search_bm25(bm25, query: str, k: int) -> list[int]:
    """Passage ids of the k best BM25 matches with a positive score, best first.

    Calls the retriever's bm25s model directly with `k` rather than setting the
    retriever's shared `similarity_top_k` per request: that attribute is state
    shared by concurrent requests (one request could get another's depth), and
    building llama-index nodes for every hit costs more than the search.
    """
    import bm25s

    tokens = bm25s.tokenize(query, stemmer=bm25.stemmer, token_pattern=bm25.token_pattern, show_progress=False)
    if not tokens.vocab:  # a query made only of stopwords tokenises to nothing
        return []
    k = min(k, len(bm25.corpus))
    indexes, scores = bm25.bm25.retrieve(tokens, k=k, show_progress=False, n_threads=1)
    # bm25s hands back the stored corpus entry (llama-index node metadata) or its position.
    entries = [i if isinstance(i, dict) else bm25.corpus[int(i)] for i in indexes[0]]
    return [int(e["node_id"]) for e, s in zip(entries, scores[0], strict=True) if s > 0]
