#!/usr/bin/env bash
# What the test suite needs beyond the Python packages: Debian's Chromium for the browser tests.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    || echo "test-deps: could not install chromium; browser tests will be skipped" >&2
fi
