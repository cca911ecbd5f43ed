#!/usr/bin/env bash
# Create .venv and install the project with the given extras, once per pyproject change.
# Usage: scripts/setup.sh [extras]   e.g. scripts/setup.sh test,llm
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
venv="${VENV:-.venv}"
spec="."
[ -n "$extras" ] && spec=".[$extras]"
stamp="$venv/.installed-$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16)-${extras//,/_}"
if [ ! -f "$stamp" ]; then
  start=$(date +%s)
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  # torch==2.13.0 (pinned in pyproject) is the CPU build on this machine's disk; pip finds it via its config.
  "$venv/bin/pip" install --quiet --disable-pip-version-check -e "$spec" 2>&1 | grep -v "is ignored: it is neither" || true
  "$venv/bin/python" -c "import assistant" # fail here, not later, if the install is broken
  touch "$stamp"
  echo "setup: installed $spec into $venv in $(( $(date +%s) - start )) s ($(du -sh "$venv" | cut -f1))" >&2
fi
