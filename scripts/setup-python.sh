#!/usr/bin/env bash
# Creates .venv-export in the project root with the pinned packages of the Python export tooling
# (scripts/python/requirements-export.txt): the Qwen2.5-VL ONNX export, the fixture images and the
# PyTorch reference fixtures.
#
#   scripts/setup-python.sh            CPU build of torch (enough for the tiny model and the fixtures)
#   TORCH_INDEX=cu130 scripts/setup-python.sh   a CUDA build of torch (for --random-size 3b|7b --device cuda)
#
# Then, for example:
#   .venv-export/bin/python scripts/python/export_qwen25vl.py --tiny --output models/tiny-qwen2.5-vl
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-export"
PYTHON="${PYTHON:-python3}"
TORCH_INDEX="${TORCH_INDEX:-cpu}"

"$PYTHON" - <<'PY'
import sys
if sys.version_info < (3, 10):
    sys.exit(f"Python >= 3.10 needed, found {sys.version.split()[0]}")
PY

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --upgrade pip
# torch first, from the PyTorch index of the requested build; the rest from PyPI.
"$VENV/bin/python" -m pip install "torch==2.11.0" --index-url "https://download.pytorch.org/whl/${TORCH_INDEX}"
"$VENV/bin/python" -m pip install -r "$ROOT/scripts/python/requirements-export.txt"
"$VENV/bin/python" -c "import torch, transformers, onnx, onnxruntime; print('torch', torch.__version__, 'transformers', transformers.__version__, 'onnx', onnx.__version__, 'onnxruntime', onnxruntime.__version__)"
