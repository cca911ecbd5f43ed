"""One typed settings object, built once and passed in.

Precedence (lowest to highest): defaults, a TOML file (`assistant.toml` in the
working directory or the path in ASSISTANT_CONFIG), `ASSISTANT_*` environment
variables, then explicit overrides (CLI flags). Nothing deeper in the code reads
the environment, so tests and several app copies can run side by side.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

ENV_PREFIX = "ASSISTANT_"
DEFAULT_TOML = "assistant.toml"


class ConfigError(ValueError):
    """A setting is wrong; the message names the setting and where it came from."""


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # where things live
    data_dir: Path = Path("data")
    index_dir: Path = Path("index")

    # ingestion
    embedding_model: str = Field(
        "", description="local sentence-transformers folder or hub name; empty = the bundled all-MiniLM-L6-v2"
    )
    passage_tokens: int = Field(200, ge=32, description="word pieces per passage; must fit the model window")
    embed_batch_size: int = Field(64, ge=1)
    max_file_mb: float = Field(25.0, gt=0, description="larger files are skipped with a reason")

    # retrieval
    top_k: int = Field(5, ge=1, le=50)
    candidate_k: int = Field(20, ge=1, description="per-retriever depth before fusion")
    rrf_k: int = Field(60, ge=1)

    # answering
    generator: Literal["extractive", "openai", "local"] = "extractive"
    max_answer_sentences: int = Field(3, ge=1, le=5)
    refusal_threshold: float = Field(0.5, ge=0.0, le=1.0, description="min P(answerable) to answer")

    # language-model backends (generator = openai | local)
    llm_base_url: str = "http://127.0.0.1:8080/v1"
    llm_model: str = "local"
    llm_api_key: str = ""
    llm_timeout_s: float = 60.0
    llm_max_retries: int = 2
    gguf_path: str = ""
    prompts_dir: str = Field("", description="folder of the prompt templates; empty = the project's prompts/")

    # serving
    host: str = "127.0.0.1"
    port: int = 7860
    api_token: str = ""
    feedback_path: Path = Path("feedback.jsonl")
    max_upload_mb: float = 10.0
    upload_extensions: list[str] = [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".pdf"]
    frame_ancestors: list[str] = ["*"]
    cors_origins: list[str] = ["*"]
    # Shown on first load; the defaults fit the seed articles shipped in data/.
    example_questions: list[str] = [
        "What did Psaki say about strategic patience?",
        "How did Kim say North Korea would react to developments?",
        "Whose court is the ball in, according to the Biden administration?",
    ]

    @classmethod
    def load(
        cls,
        toml_path: str | Path | None = None,
        env: dict[str, str] | None = None,
        **overrides: Any,
    ) -> Config:
        """Merge the layers; unknown keys and bad values raise ConfigError naming the key."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        path = Path(toml_path or env.get(ENV_PREFIX + "CONFIG") or DEFAULT_TOML)
        if path.is_file():
            try:
                values.update(tomllib.loads(path.read_text(encoding="utf-8")))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        elif toml_path:
            raise ConfigError(f"config file not found: {path}")
        for key, raw in env.items():
            if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "CONFIG":
                continue
            name = key[len(ENV_PREFIX) :].lower()
            if name not in cls.model_fields:
                raise ConfigError(f"unknown setting {key}; known: {', '.join(sorted(cls.model_fields))}")
            values[name] = _parse_env(name, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"bad setting: {problems}") from exc


def _parse_env(name: str, raw: str) -> Any:
    """Lists come from the environment as comma-separated strings."""
    annotation = str(Config.model_fields[name].annotation)
    if annotation.startswith("list"):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw
