"""The lexical side: llama-index's BM25Retriever (bm25s) over passages, built at ingest and persisted."""

from __future__ import annotations

from pathlib import Path

from assistant.models import Article, Passage


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


def load_bm25(folder: Path):
    from llama_index.retrievers.bm25 import BM25Retriever

    return BM25Retriever.from_persist_dir(str(folder), show_progress=False)


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
