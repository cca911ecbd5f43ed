#!/usr/bin/env bash
# Extractive vs a local GGUF model on a question set, side by side with `assistant eval --compare`.
# Why a script: the figures in the LLM-backend closing note must be reproducible with one command.
# Usage: bench/llm_compare.sh [MODEL.gguf] [QUESTIONS.jsonl] [OUT_DIR]
#   defaults: /tmp/qwen1.5b.gguf (bench/fetch_qwen.sh makes it), ../shared/eval/dev_questions.jsonl,
#   /tmp/llm-runs. The seed articles in data/ are indexed into OUT_DIR/index.
set -euo pipefail
cd "$(dirname "$0")/.."
gguf="${1:-/tmp/qwen1.5b.gguf}"
questions="${2:-../shared/eval/dev_questions.jsonl}"
out="${3:-/tmp/llm-runs}"
assistant=".venv/bin/assistant"
[ -f "$gguf" ] || bench/fetch_qwen.sh "$gguf"
mkdir -p "$out"
"$assistant" ingest data --index "$out/index" >/dev/null 2>&1
"$assistant" eval "$questions" --index "$out/index" --generator extractive --out "$out/extractive"
# A 1.5B model on 2 cores reads ~1,000 prompt tokens in 15-30 s: allow a long wait per request.
ASSISTANT_GGUF_PATH="$gguf" ASSISTANT_LLM_TIMEOUT_S="${LLM_TIMEOUT_S:-300}" \
  "$assistant" eval "$questions" --index "$out/index" --generator local --out "$out/local"
"$assistant" eval --compare "$out/extractive" "$out/local" --out "$out/compare"
