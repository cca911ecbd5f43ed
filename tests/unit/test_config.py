"""config.py: settings in sections, reachable by flat names from TOML, the environment and flags."""

from __future__ import annotations

from collections import Counter

import pytest

from assistant.config import SECTIONS, Config, resolve
from assistant.errors import ConfigError


@pytest.fixture(autouse=True)
def no_local_toml(tmp_path, monkeypatch):
    """Run in an empty folder so a developer's assistant.toml cannot leak in."""
    monkeypatch.chdir(tmp_path)


def write(tmp_path, text: str):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_live_in_sections():
    config = Config.load(env={})
    assert config.retrieval.top_k == 5 and config.answer.generator == "extractive"
    assert config.ingest.passage_tokens == 200 and config.serve.port == 7860
    assert str(config.index_dir) == "index"


def test_toml_section_tables(tmp_path):
    path = write(tmp_path, '[retrieval]\ntop_k = 7\ncandidate_k = 30\n\n[llm]\nbase_url = "http://10.0.0.2:8080/v1"\n')
    config = Config.load(path, env={})
    assert (config.retrieval.top_k, config.retrieval.candidate_k) == (7, 30)
    assert config.llm.base_url == "http://10.0.0.2:8080/v1"


def test_toml_flat_keys(tmp_path):
    path = write(tmp_path, 'top_k = 3\nretrieval_rrf_k = 10\nllm_model = "qwen"\nindex_dir = "elsewhere"\n')
    config = Config.load(path, env={})
    assert (config.retrieval.top_k, config.retrieval.rrf_k, config.llm.model) == (3, 10, "qwen")
    assert str(config.index_dir) == "elsewhere"


@pytest.mark.parametrize("name", ["ASSISTANT_RETRIEVAL_TOP_K", "ASSISTANT_TOP_K"])
def test_environment_takes_the_flat_name_with_or_without_the_section(name):
    assert Config.load(env={name: "8"}).retrieval.top_k == 8


def test_layers_in_order_defaults_toml_environment_flags(tmp_path):
    path = write(tmp_path, "[retrieval]\ntop_k = 7\ncandidate_k = 30\nrrf_k = 11\n")
    config = Config.load(path, env={"ASSISTANT_TOP_K": "9", "ASSISTANT_RETRIEVAL_RRF_K": "12"}, top_k=2)
    assert (config.retrieval.top_k, config.retrieval.candidate_k, config.retrieval.rrf_k) == (2, 30, 12)


def test_environment_lists_are_comma_separated():
    config = Config.load(env={"ASSISTANT_SERVE_CORS_ORIGINS": "https://a.org, https://b.org,"})
    assert config.serve.cors_origins == ["https://a.org", "https://b.org"]


def test_config_file_from_the_environment(tmp_path):
    path = write(tmp_path, "[answer]\nmax_answer_sentences = 2\n")
    assert Config.load(env={"ASSISTANT_CONFIG": str(path)}).answer.max_answer_sentences == 2


@pytest.mark.parametrize(
    ("load", "named"),
    [
        (lambda tmp: Config.load(env={"ASSISTANT_TOPK": "3"}), "ASSISTANT_TOPK"),
        (lambda tmp: Config.load(write(tmp, "[retrieval]\ntopk = 3\n"), env={}), "[retrieval] topk"),
        (lambda tmp: Config.load(write(tmp, "[retrival]\ntop_k = 3\n"), env={}), "retrival"),
        (lambda tmp: Config.load(write(tmp, "topk = 3\n"), env={}), "topk"),
        (lambda tmp: Config.load(env={}, topk=3), "topk"),
        (lambda tmp: Config.load(env={}).updated(topk=3), "topk"),
    ],
)
def test_unknown_names_are_errors_that_name_them(tmp_path, load, named):
    with pytest.raises(ConfigError, match=named.replace("[", r"\[").replace("]", r"\]")):
        load(tmp_path)


def test_bad_values_name_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="retrieval.top_k"):
        Config.load(env={"ASSISTANT_TOP_K": "many"})
    with pytest.raises(ConfigError, match="answer.generator"):
        Config.load(env={}, generator="gpt")
    with pytest.raises(ConfigError, match="settings.toml"):
        Config.load(write(tmp_path, "top_k = ["), env={})
    with pytest.raises(ConfigError, match="not found"):
        Config.load(tmp_path / "missing.toml", env={})


def test_updated_copies_by_flat_name_and_validates():
    base = Config.load(env={})
    changed = base.updated(top_k=1, llm_base_url="http://127.0.0.1:9/v1")
    assert changed.retrieval.top_k == 1 and changed.llm.base_url == "http://127.0.0.1:9/v1"
    assert base.retrieval.top_k == 5  # the original is untouched
    with pytest.raises(ConfigError):
        base.updated(top_k=0)


def test_every_setting_has_its_flat_names():
    counts = Counter(field for model in SECTIONS.values() for field in model.model_fields)
    for section, model in SECTIONS.items():
        for field in model.model_fields:
            assert resolve(f"{section}_{field}", "test") == (section, field)
            if counts[field] == 1:
                assert resolve(field, "test") == (section, field)
