#!/usr/bin/env bash
# Nightly evaluation, cron-ready: scores what is new since earlier runs (rows of unchanged images
# are reused when image, model file and parameters match) and appends one summary row per
# generated source, so AS history is one query over <out>/summary.
#
#   ASCORE_REAL=s3a://bucket/real ASCORE_GENERATED="sg2=s3a://bucket/gen/sg2 ddpm=s3a://bucket/gen/ddpm" \
#   ASCORE_MODEL=conf/models/fmnist-cnn.conf ASCORE_OUT=s3a://bucket/ascore submit/nightly.sh
#
# Runs through spark-submit (submit/${ASCORE_LAUNCHER:-local}.sh) when ASCORE_LAUNCHER is set to
# standalone, yarn or k8s; otherwise through submit/ascore in local mode. Extra arguments are
# passed to `ascore score`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${ASCORE_REAL:?set ASCORE_REAL to the real image folder(s), comma-separated}"
: "${ASCORE_GENERATED:?set ASCORE_GENERATED to space-separated label=URI pairs}"
: "${ASCORE_MODEL:?set ASCORE_MODEL to a model card}"
: "${ASCORE_OUT:?set ASCORE_OUT to the output root}"

args=(--real "$ASCORE_REAL" --model "$ASCORE_MODEL" --out "$ASCORE_OUT"
      --run-id "nightly-$(date -u +%Y%m%d)")
for g in $ASCORE_GENERATED; do
  args+=(--generated "$g")
done

if [[ -n "${ASCORE_LAUNCHER:-}" ]]; then
  exec "$ROOT/submit/${ASCORE_LAUNCHER}.sh" "${args[@]}" "$@"
fi
exec "$ROOT/submit/ascore" score "${args[@]}" "$@"
