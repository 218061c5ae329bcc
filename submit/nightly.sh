#!/usr/bin/env bash
# Nightly evaluation, cron-ready: scores what is new since earlier runs (rows of unchanged images
# are reused when image, model file and parameters match) and appends one summary row per
# generated source, so AS history is one query over <out>/summary.
#
#   ASCORE_REAL=s3a://bucket/real \
#   ASCORE_GENERATED=$'sg2=s3a://bucket/gen/sg2\nddpm=s3a://bucket/gen/ddpm' \
#   ASCORE_MODEL=conf/models/fmnist-cnn.conf ASCORE_OUT=s3a://bucket/ascore submit/nightly.sh
#
# ASCORE_REAL and ASCORE_GENERATED are lists like every list variable of the scripts: one item per
# line (several real folders: one per line too). Runs through spark-submit
# (submit/$ASCORE_LAUNCHER.sh) when ASCORE_LAUNCHER is local, standalone, yarn or k8s; otherwise
# in local mode through bin/ascore (a distribution) or submit/ascore (a checkout). Extra arguments are passed to `ascore score`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${ASCORE_REAL:?set ASCORE_REAL to the real image folder(s), one per line}"
: "${ASCORE_GENERATED:?set ASCORE_GENERATED to label=URI pairs, one per line}"
: "${ASCORE_MODEL:?set ASCORE_MODEL to a model card}"
: "${ASCORE_OUT:?set ASCORE_OUT to the output root}"

args=(--model "$ASCORE_MODEL" --out "$ASCORE_OUT" --run-id "nightly-$(date -u +%Y%m%d)")
# One item per line; a line with blanks inside is most likely the old space-separated form.
add_list() {
  local option="$1" variable="$2" line
  while IFS= read -r line; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [[ -z "$line" ]] && continue
    if [[ "$line" =~ [[:space:]] ]]; then
      echo "ascore: $variable holds '$line': give one item per line" >&2
      exit 2
    fi
    args+=("$option" "$line")
  done <<< "${!variable}"
}
add_list --real ASCORE_REAL
add_list --generated ASCORE_GENERATED

if [[ -n "${ASCORE_LAUNCHER:-}" ]]; then
  case "$ASCORE_LAUNCHER" in
    local|standalone|yarn|k8s) ;;
    *) echo "ascore: ASCORE_LAUNCHER must be local, standalone, yarn or k8s, got '$ASCORE_LAUNCHER'" >&2; exit 2 ;;
  esac
  exec "$ROOT/submit/${ASCORE_LAUNCHER}.sh" "${args[@]}" "$@"
fi
# An unpacked distribution runs bin/ascore (plain java); a checkout submit/ascore.
launcher="$ROOT/bin/ascore"
[[ -x "$launcher" ]] || launcher="$ROOT/submit/ascore"
exec "$launcher" score "${args[@]}" "$@"
