#!/usr/bin/env bash
# Spark resource discovery script for GPUs (spark.executor.resource.gpu.discoveryScript, or
# spark.worker.resource.gpu.discoveryScript on standalone workers). Prints the GPUs this host has,
# in the JSON Spark expects:
#
#   {"name":"gpu","addresses":["0","1"]}
#
# from `nvidia-smi --query-gpu=index --format=csv,noheader`, and {"name":"gpu","addresses":[]}
# where nvidia-smi is missing or fails (Spark then refuses to start an executor that asked for a
# GPU, with a message naming the resource, instead of scoring on the CPU unnoticed).
# Pure bash: it needs nothing on PATH but nvidia-smi itself.
set -uo pipefail

addresses=()
if command -v nvidia-smi >/dev/null 2>&1; then
  while IFS= read -r line; do
    line="${line//[[:space:]]/}"
    if [[ "$line" =~ ^[0-9]+$ ]]; then
      addresses+=("\"$line\"")
    fi
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi

joined=""
for a in "${addresses[@]+"${addresses[@]}"}"; do
  joined="${joined:+$joined,}$a"
done
printf '{"name":"gpu","addresses":[%s]}\n' "$joined"
