import pytest

from assistant.config import Config
from assistant.errors import ConfigError


def test_layers_defaults_toml_env_overrides(tmp_path):
    toml = tmp_path / "a.toml"
    toml.write_text('top_k = 7\nindex_dir = "from-toml"\n')
    config = Config.load(
        toml,
        env={"ASSISTANT_TOP_K": "9", "ASSISTANT_CORS_ORIGINS": "https://a.org, https://b.org"},
        index_dir="from-flag",
    )
    assert config.retrieval.top_k == 9 and str(config.index_dir) == "from-flag"
    assert config.serve.cors_origins == ["https://a.org", "https://b.org"]
    assert Config.load(env={}).retrieval.top_k == 5


def test_bad_values_name_the_setting(tmp_path):
    with pytest.raises(ConfigError, match="top_k"):
        Config.load(env={"ASSISTANT_TOP_K": "many"})
    with pytest.raises(ConfigError, match="ASSISTANT_TOPK"):
        Config.load(env={"ASSISTANT_TOPK": "3"})
    bad = tmp_path / "bad.toml"
    bad.write_text("top_k = [")
    with pytest.raises(ConfigError, match="bad.toml"):
        Config.load(bad, env={})
