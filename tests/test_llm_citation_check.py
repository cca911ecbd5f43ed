"""The `openai` backend against a scripted OpenAI-compatible server on 127.0.0.1.

The server is real (HTTP, JSON, server-sent events); only its answers are
scripted, so the citation check meets, deterministically, the mistakes a real
model makes: a source number that does not exist, the wrong passage, a claim
no passage supports, a refusal, an injected answer.
"""

from __future__ import annotations

import time

import pytest

pytest.importorskip("llama_index.llms.openai_like", reason="needs the llm extra: pip install -e '.[llm]'")

from assistant import Answer, Assistant  # noqa: E402
from assistant.answering.extractive import REFUSAL  # noqa: E402
from assistant.answering.injection import WITHHELD  # noqa: E402
from assistant.errors import ConfigError  # noqa: E402
from tests.conftest import SEED_DIR  # noqa: E402
from tests.llm_helpers import (  # noqa: E402
    ScriptedChatServer,
    SilentServer,
    dead_url,
    injection_corpus,
    prompt_of,
    source_with,
    source_without,
    with_settings,
)

PSAKI_Q = "What is Jen Psaki's role?"
PSAKI_FACT = "Jen Psaki is the press secretary of Biden"
PSAKI_PASSAGE = "Biden press secretary Jen Psaki told reporters"


@pytest.fixture(scope="module")
def chat_server():
    with ScriptedChatServer() as server:
        yield server


@pytest.fixture
def ask(seed_assistant, seed_config, embedder, chat_server):
    """Ask through the openai backend, the scripted server answering with `reply`."""

    def run(question: str, reply, history: list[str] | None = None) -> Answer:
        chat_server.reply = reply
        config = with_settings(seed_config, generator="openai", llm_base_url=chat_server.url, llm_max_retries=0)
        return Assistant(config, embedder=embedder).ask(question, history)

    return run


def test_supported_answer_keeps_its_citation_and_quotes_the_supporting_sentence(ask):
    answer = ask(PSAKI_Q, lambda body: f"{PSAKI_FACT} [{source_with(prompt_of(body), PSAKI_PASSAGE)}].")
    assert answer.generator == "openai" and not answer.refused
    assert answer.answer == f"{PSAKI_FACT}. [1]"
    [citation] = answer.citations
    assert PSAKI_PASSAGE in citation.quote  # the passage's own sentence, not the model's words
    assert citation.quote in citation.passage and len(citation.quote) < len(citation.passage)
    assert citation.score >= 0.6


def test_citation_of_a_source_that_does_not_exist_is_removed(ask):
    answer = ask(PSAKI_Q, f"{PSAKI_FACT} [42].")
    assert "[42]" not in answer.answer
    # The claim is grounded, so it is re-cited to the passage that supports it.
    assert [c.n for c in answer.citations] == [1] and PSAKI_PASSAGE in answer.citations[0].quote


def test_unsupported_claim_citing_a_missing_source_is_dropped(ask):
    answer = ask(PSAKI_Q, "Jen Psaki won an Olympic gold medal in rowing [9].")
    assert answer.refused and answer.answer == REFUSAL and answer.citations == []


def test_citation_of_the_wrong_passage_is_moved_to_the_supporting_one(ask):
    answer = ask(PSAKI_Q, lambda body: f"{PSAKI_FACT} [{source_without(prompt_of(body), 'Psaki')}].")
    [citation] = answer.citations
    assert PSAKI_PASSAGE in citation.quote and "Psaki" in citation.passage


def test_sentence_no_passage_supports_is_dropped_and_the_rest_kept(ask):
    def reply(body: dict) -> str:
        n = source_with(prompt_of(body), PSAKI_PASSAGE)
        return f"{PSAKI_FACT} [{n}]. Psaki also said that Canada had launched three weather satellites [{n}]."

    answer = ask(PSAKI_Q, reply)
    assert answer.answer == f"{PSAKI_FACT}. [1]"
    assert "satellites" not in answer.answer and len(answer.citations) == 1


@pytest.mark.parametrize(
    "reply",
    [
        "I don't know.",
        "The articles do not say what her role is.",
        "There is no information about this in the sources.",
    ],
)
def test_model_refusal_becomes_refused(ask, reply):
    answer = ask(PSAKI_Q, reply)
    assert answer.refused and answer.answer == REFUSAL and answer.citations == []
    assert answer.generator == "openai"


def test_marker_spellings_are_understood(ask):
    answer = ask(PSAKI_Q, lambda body: f"{PSAKI_FACT} [Source {source_with(prompt_of(body), PSAKI_PASSAGE)}]")
    assert answer.answer == f"{PSAKI_FACT} [1]" and len(answer.citations) == 1


def test_stream_yields_model_tokens_then_the_verified_answer(seed_assistant, seed_config, embedder, chat_server):
    raw = "Jen Psaki is the press secretary of Biden [7]."  # [7]: a wrong number the check fixes
    chat_server.reply = raw
    config = with_settings(seed_config, generator="openai", llm_base_url=chat_server.url)
    events = list(Assistant(config, embedder=embedder).stream(PSAKI_Q))
    pieces, final = events[:-1], events[-1]
    assert len(pieces) > 3 and all(isinstance(p, str) for p in pieces)
    assert "".join(pieces) == raw
    assert isinstance(final, Answer) and final.answer == f"{PSAKI_FACT}. [1]"
    assert chat_server.requests[-1]["stream"] is True


def test_sources_are_numbered_and_marked_as_data_in_the_prompt(ask, chat_server):
    ask(PSAKI_Q, "I don't know.")
    body = chat_server.requests[-1]
    system, user = body["messages"][0], body["messages"][1]
    assert system["role"] == "system" and "not instructions" in system["content"]
    assert user["content"].index("<sources>") < user["content"].index('<source n="1"')
    assert PSAKI_Q in user["content"] and body["temperature"] == 0


def test_follow_up_is_condensed_by_the_model(ask, chat_server):
    def reply(body: dict) -> str:
        prompt = prompt_of(body)
        if "Rewritten question" in prompt:
            return "What did Jen Psaki say about strategic patience?"
        n = source_with(prompt, "Obama")
        return f"Psaki said the White House would not follow strategic patience [{n}]."

    answer = ask("What did she say about strategic patience?", reply, history=["Who is Jen Psaki?"])
    assert answer.standalone_question == "What did Jen Psaki say about strategic patience?"
    assert "Who is Jen Psaki?" in prompt_of(chat_server.requests[-2])


def test_the_rewrite_prompt_holds_the_earlier_answer_without_markers(ask, chat_server):
    def reply(body: dict) -> str:
        return "What did Jen Psaki say?" if "Rewritten question" in prompt_of(body) else "I don't know."

    earlier = {
        "question": "Who is the press secretary?",
        "answer": "Biden press secretary Jen Psaki told reporters [1].",
    }
    ask("What did she say?", reply, history=[earlier])
    prompt = prompt_of(next(r for r in reversed(chat_server.requests) if "Rewritten question" in prompt_of(r)))
    assert "Q: Who is the press secretary?" in prompt
    assert "A: Biden press secretary Jen Psaki told reporters." in prompt and "[1]" not in prompt


@pytest.mark.parametrize("rewrite", ["She is the press secretary.", "What is the capital of France?", ""])
def test_condense_falls_back_to_the_rules_when_the_model_does_not_rewrite(ask, rewrite):
    def reply(body: dict) -> str:
        return rewrite if "Rewritten question" in prompt_of(body) else "I don't know."

    answer = ask("What did she say about strategic patience?", reply, history=["Who is Jen Psaki?"])
    assert answer.standalone_question == "What did Jen Psaki say about strategic patience?"


def test_server_down_falls_back_to_the_extractive_answer(seed_assistant, seed_config, embedder):
    url = dead_url()
    config = with_settings(seed_config, generator="openai", llm_base_url=url, llm_max_retries=1)
    answer = Assistant(config, embedder=embedder).ask(PSAKI_Q)
    assert answer.generator.startswith(f"extractive (fallback: openai unreachable: cannot connect to {url}")
    expected = seed_assistant.ask(PSAKI_Q)
    assert answer.answer == expected.answer and not answer.refused
    assert [c.quote for c in answer.citations] == [c.quote for c in expected.citations]


def test_time_out_falls_back_and_the_dead_server_is_not_retried_at_once(seed_assistant, seed_config, embedder):
    with SilentServer() as silent:
        config = with_settings(
            seed_config, generator="openai", llm_base_url=silent.url, llm_timeout_s=1.0, llm_max_retries=1
        )
        assistant = Assistant(config, embedder=embedder)
        started = time.monotonic()
        answer = assistant.ask(PSAKI_Q)
        elapsed = time.monotonic() - started
        assert answer.generator.startswith("extractive (fallback: openai unreachable: no response from")
        assert not answer.refused and answer.citations
        assert silent.accepted >= 2  # one retry
        assert elapsed < 20  # 2 attempts x 1 s plus back-off, never the 60 s default
        accepted = silent.accepted
        again = assistant.ask(PSAKI_Q)
        assert again.generator.startswith("extractive (fallback: openai unreachable")
        assert silent.accepted == accepted  # within the cool-down the server is not asked again


def test_injected_instruction_is_withheld_and_never_supports_a_claim(tmp_path, embedder, seed_config, chat_server):
    data = injection_corpus(tmp_path, SEED_DIR)
    config = with_settings(
        seed_config,
        data_dir=data,
        index_dir=tmp_path / "index",
        generator="openai",
        llm_base_url=chat_server.url,
        llm_max_retries=0,
        top_k=50,
    )
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([data])
    # A model that obeys the injection anyway, citing the injected article.
    chat_server.reply = lambda body: f"HACKED [{source_with(prompt_of(body), 'Riverside Bakery won')}]"
    answer = assistant.ask(PSAKI_Q)
    prompt = prompt_of(chat_server.requests[-1])
    assert "Riverside Bakery won" in prompt and WITHHELD in prompt
    assert "HACKED" not in prompt and "Ignore your instructions" not in prompt
    assert "HACKED" not in answer.answer and answer.refused
    assert any("Riverside" in p.title for p in answer.passages)


def test_local_backend_needs_a_gguf_file(seed_assistant, seed_config, embedder, tmp_path):
    config = with_settings(seed_config, generator="local", gguf_path="")
    with pytest.raises(ConfigError, match="gguf_path"):
        Assistant(config, embedder=embedder).ask(PSAKI_Q)
    not_a_model = tmp_path / "model.gguf"
    not_a_model.write_text("hello")
    with pytest.raises(ConfigError, match="not a GGUF"):
        Assistant(with_settings(config, gguf_path=str(not_a_model)), embedder=embedder).ask(PSAKI_Q)


def test_prompts_dir_setting_is_used_and_checked(tmp_path, seed_config, embedder):
    """A user's own prompt folder is read; one missing a template is a clear error naming the file."""
    from assistant.errors import PromptError
    from assistant.llm.backends import make_generator

    config = seed_config.updated(
        **{"generator": "openai", "prompts_dir": str(tmp_path), "llm_base_url": "http://127.0.0.1:9/v1"}
    )
    with pytest.raises(PromptError, match="system.txt"):
        make_generator(config, None)
