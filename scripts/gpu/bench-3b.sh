#!/usr/bin/env bash
# Runs on the lent H200 (the `device` tool), from the project root, with .gpu-carry carried
# (scripts/gpu/pack-carry.js + the Vulkan/GL loader .debs + node.xz, see ../shared/gpu/NOTES.md).
# One call, one machine: (1) the original setup's HF transformers loop at the 3B size (random weights),
# (2) the 3B export with this project's script, (3) this project's engine on WebGPU, same workload shape.
set -uo pipefail
OUT="${OUT:-/tmp/out}"; mkdir -p "$OUT"
FILES_HF="${FILES_HF:-8}"; FILES_OURS="${FILES_OURS:-4}"
for f in .gpu-carry/*.deb; do dpkg -x "$f" /; done; ldconfig
export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
export PYTHONUNBUFFERED=1
xz -dc .gpu-carry/node.xz > /tmp/node && chmod +x /tmp/node
mkdir -p /tmp/app /tmp/tok && tar -C /tmp/app -xJf .gpu-carry/app.tar.xz && tar -C /tmp/tok -xJf .gpu-carry/tok.tar.xz
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
t0=$(date +%s)
echo "== 1. HF transformers baseline (3B, batch 8, ${FILES_HF} files x 4 questions)"
SIZE=3b FILES="$FILES_HF" BATCH_QS=8 timeout 150 python3 .gpu-carry/hf_baseline.py 2>&1 | grep -v Warning | tee "$OUT/hf.log" | tail -5
echo "== 2. export 3B fp16 ($(( $(date +%s) - t0 )) s)"
timeout 240 python3 scripts/python/export_qwen25vl.py --random-size 3b --dtypes fp16 --device cuda --no-checkpoint \
  --skip-verify --tokenizer-dir /tmp/tok --output /tmp/m3b > "$OUT/export.log" 2>&1; echo "export rc=$?"; tail -3 "$OUT/export.log"
left=$(( 560 - ($(date +%s) - t0) ))
echo "== 3. ours, webgpu fp16 (${FILES_OURS} files x 4 questions; ${left} s left)"
(cd /tmp/app && timeout "$left" /tmp/node dist/bench/gpuBench.js --model /tmp/m3b --device webgpu:0 --dtype fp16 \
  --files "$FILES_OURS" --out "$OUT/ours_3b.json") 2>&1 | tee "$OUT/ours.log" | tail -8
echo "total $(( $(date +%s) - t0 )) s"
