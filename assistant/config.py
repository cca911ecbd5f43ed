"""One typed settings object in sections, built once and passed in.

Precedence (lowest to highest): defaults, a TOML file (`assistant.toml` in the
working directory or the path in ASSISTANT_CONFIG), `ASSISTANT_*` environment
variables, then explicit overrides (CLI flags). Nothing deeper in the code reads
the environment, so tests and several app copies can run side by side.

Settings live in sections (`config.retrieval.top_k`), but every setting also has
one flat name, used by environment variables, CLI flags and flat TOML keys: the
field's own name (`top_k`, `ASSISTANT_TOP_K`) or the section and field joined
(`retrieval_top_k`, `llm_base_url`). TOML may use `[retrieval]` tables instead.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import ConfigError

ENV_PREFIX = "ASSISTANT_"
DEFAULT_TOML = "assistant.toml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IngestSettings(_Section):
    passage_tokens: int = Field(200, ge=32, description="word pieces per passage; must fit the model window")
    max_file_mb: float = Field(25.0, gt=0, description="larger files are skipped with a reason")
    max_article_chars: int = Field(
        200_000, ge=1000, description="longer articles are cut at a sentence end, with a note in the summary"
    )
    follow_symlinks_outside: bool = Field(
        False, description="follow symbolic links that lead out of a scanned folder (off: skipped with a reason)"
    )
    # Not `workers`: that flat name (ASSISTANT_WORKERS) is serve's already.
    ingest_workers: int = Field(
        1,
        ge=0,
        description="processes that clean, split and tag files while the main process embeds; 0 = all in the main "
        "process. One fits two cores (the encoder uses the rest); more pays only with spare cores",
    )
    ingest_batch_files: int = Field(
        64, ge=1, description="files per ingest batch: embedded, then checkpointed so a killed ingest resumes there"
    )


class IndexSettings(_Section):
    embedding_model: str = Field(
        "", description="local sentence-transformers folder or hub name; empty = the bundled all-MiniLM-L6-v2"
    )
    embed_batch_size: int = Field(64, ge=1)
    encoder: Literal["torch", "onnx-int8"] = Field(
        "torch",
        description="how passages and questions are encoded: the model on torch, or the same model as int8 ONNX on "
        "onnxruntime (the `onnx` extra; exported once from the local weights; ~2x faster, vectors at cosine 0.99)",
    )
    encoder_cache_dir: str = Field(
        "", description="where the int8 ONNX export is kept; empty = encoders/ in the index folder"
    )
    store: Literal["faiss", "milvus"] = Field(
        "faiss", description="where dense vectors live: FAISS files in the index folder, or Milvus (milvus_uri)"
    )
    milvus_uri: str = Field(
        "", description="Milvus Lite file (*.db) or http://host:19530; empty = milvus.db in the index folder"
    )
    ann_threshold: int = Field(
        200_000, ge=0, description="passages from which the dense index is approximate (IVF); exact below"
    )
    ann_nprobe: int = Field(32, ge=1, description="IVF lists searched per question: higher = better recall, slower")
    generation_check_s: float = Field(
        0.0,
        ge=0,
        description="seconds between looks at CURRENT for a generation written by another process; 0 = every question",
    )
    reload_wait_s: float = Field(
        5.0,
        ge=0,
        description="how long a question waits for a new generation to load before it is answered from the "
        "previous one (FAISS; with Milvus questions always wait: the previous collection is dropped)",
    )


class RetrievalSettings(_Section):
    top_k: int = Field(5, ge=1, le=50)
    candidate_k: int = Field(20, ge=1, description="per-retriever depth before fusion")
    rrf_k: int = Field(60, ge=1)


class AnswerSettings(_Section):
    generator: Literal["extractive", "openai", "local"] = "extractive"
    max_answer_sentences: int = Field(3, ge=1, le=5)
    refusal_threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="min P(the best sentence answers) to answer; empty = the scorer's own"
    )


class LLMSettings(_Section):
    """Language-model backends (answer.generator = openai | local)."""

    base_url: str = "http://127.0.0.1:8080/v1"
    model: str = "local"
    api_key: str = ""
    timeout_s: float = 60.0
    max_retries: int = 2
    gguf_path: str = ""
    prompts_dir: str = Field("", description="folder of the prompt templates; empty = the packaged prompts/")


class ServeSettings(_Section):
    host: str = "127.0.0.1"
    port: int = 7860
    api_token: str = ""
    feedback_path: Path = Path("feedback.jsonl")
    max_upload_mb: float = 10.0
    workers: int = Field(0, ge=0, description="questions answered at once; 0 = one per CPU core")
    queue_limit: int = Field(
        24, ge=0, description="questions waiting for a worker; beyond it the API answers 503 with Retry-After at once"
    )
    upload_extensions: list[str] = [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".pdf"]
    frame_ancestors: list[str] = ["*"]
    cors_origins: list[str] = ["*"]
    # Shown on first load; the defaults fit the seed articles shipped in data/.
    example_questions: list[str] = [
        "What did Psaki say about strategic patience?",
        "How did Kim say North Korea would react to developments?",
        "Whose court is the ball in, according to the Biden administration?",
    ]


SECTIONS: dict[str, type[_Section]] = {
    "ingest": IngestSettings,
    "index": IndexSettings,
    "retrieval": RetrievalSettings,
    "answer": AnswerSettings,
    "llm": LLMSettings,
    "serve": ServeSettings,
}


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    # where things live
    data_dir: Path = Path("data")
    index_dir: Path = Path("index")

    ingest: IngestSettings = Field(default_factory=IngestSettings)
    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    serve: ServeSettings = Field(default_factory=ServeSettings)

    @classmethod
    def load(
        cls,
        toml_path: str | Path | None = None,
        env: dict[str, str] | None = None,
        **overrides: Any,
    ) -> Config:
        """Merge the layers; unknown keys and bad values raise ConfigError naming the key.

        `overrides` use flat names (`top_k=3`, `llm_base_url=...`); None means "not given".
        """
        env = dict(os.environ if env is None else env)
        values: dict[str, dict[str, Any]] = {}
        path = Path(toml_path or env.get(ENV_PREFIX + "CONFIG") or DEFAULT_TOML)
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8"))
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
            for key, value in table.items():
                if key in SECTIONS and isinstance(value, dict):
                    for field, item in value.items():
                        _put(values, key, field, item, f"{path}: [{key}] {field}")
                else:
                    _put(values, *resolve(key, f"{path}: {key}"), value, f"{path}: {key}")
        elif toml_path:
            raise ConfigError(f"config file not found: {path}")
        for key, raw in env.items():
            if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "CONFIG":
                continue
            section, field = resolve(key[len(ENV_PREFIX) :].lower(), key)
            _put(values, section, field, _parse_env(section, field, raw), key)
        for key, value in overrides.items():
            if value is not None:
                _put(values, *resolve(key, key), value, key)
        top = values.pop("", {})
        try:
            return cls(**top, **values)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"bad setting: {problems}") from exc

    def updated(self, **flat: Any) -> Config:
        """A copy with some settings changed, by flat name (`config.updated(top_k=1)`)."""
        data = self.model_dump()
        for key, value in flat.items():
            section, field = resolve(key, key)
            (data[section] if section else data)[field] = value
        try:
            return Config(**data)
        except ValidationError as exc:
            raise ConfigError(f"bad setting: {exc}") from exc


def resolve(name: str, where: str) -> tuple[str, str]:
    """(section, field) of a flat setting name; section "" is the top level."""
    name = name.lower()
    if name in Config.model_fields and name not in SECTIONS:
        return "", name
    for section, model in SECTIONS.items():
        if name.startswith(section + "_") and name[len(section) + 1 :] in model.model_fields:
            return section, name[len(section) + 1 :]
    owners = [section for section, model in SECTIONS.items() if name in model.model_fields]
    if len(owners) == 1:
        return owners[0], name
    known = sorted(
        [f for f in Config.model_fields if f not in SECTIONS] + [f for m in SECTIONS.values() for f in m.model_fields]
    )
    raise ConfigError(f"unknown setting {where}; known: {', '.join(known)}")


def _put(values: dict[str, dict[str, Any]], section: str, field: str, value: Any, where: str) -> None:
    if section and field not in SECTIONS[section].model_fields:
        raise ConfigError(f"unknown setting {where}: section [{section}] has no '{field}'")
    values.setdefault(section, {})[field] = value


def _parse_env(section: str, field: str, raw: str) -> Any:
    """Lists come from the environment as comma-separated strings."""
    model = SECTIONS[section] if section else Config
    if str(model.model_fields[field].annotation).startswith("list"):
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw
