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
# in local mode through bin/ascore (a distribution) or submit/ascore (a checkout). Extra arguments
# are passed to `ascore score`. Afterwards it prints the run's summary and report link (read back
# from <out>, so also in cluster mode). Exit codes: those of `ascore score`; 4 when
# ASCORE_FAIL_ON_REGRESSION=1 and a source's AS rose beyond ASCORE_REGRESSION_THRESHOLD since its
# previous run; 5 when another nightly of the same model holds <out>/locks/nightly-<model>.lock
# (taken over after ASCORE_LOCK_STALE_HOURS, default 24).
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

run_id="nightly-$(date -u +%Y%m%d)"
# The local command line, for the lock and the summary (and the job without ASCORE_LAUNCHER): an
# unpacked distribution's bin/ascore (plain java), or a checkout's submit/ascore.
cli="$ROOT/bin/ascore"
[[ -x "$cli" ]] || cli="$ROOT/submit/ascore"
ascore_cli() {
  if [[ "${ASCORE_DRY_RUN:-}" == 1 ]]; then
    printf 'ascore'; printf ' %q' "$@"; echo
    return 0
  fi
  "$cli" "$@"
}

# One nightly per model and output root at a time: a second one stops here (exit 5).
lock_name="nightly-$(basename "$ASCORE_MODEL" .conf)"
lock_rc=0
ascore_cli lock --out "$ASCORE_OUT" --name "$lock_name" --owner "${USER:-cron}@$(hostname) pid $$" \
  --stale-hours "${ASCORE_LOCK_STALE_HOURS:-24}" || lock_rc=$?
if (( lock_rc != 0 )); then
  echo "ascore: nightly $run_id not started: another nightly run of $lock_name holds $ASCORE_OUT/locks/$lock_name.lock" >&2
  exit "$lock_rc"
fi
trap 'ascore_cli lock --out "$ASCORE_OUT" --name "$lock_name" --release' EXIT

job_rc=0
if [[ -n "${ASCORE_LAUNCHER:-}" ]]; then
  case "$ASCORE_LAUNCHER" in
    local|standalone|yarn|k8s) ;;
    *) echo "ascore: ASCORE_LAUNCHER must be local, standalone, yarn or k8s, got '$ASCORE_LAUNCHER'" >&2; exit 2 ;;
  esac
  "$ROOT/submit/${ASCORE_LAUNCHER}.sh" "${args[@]}" "$@" || job_rc=$?
else
  ascore_cli score "${args[@]}" "$@" || job_rc=$?
fi
if (( job_rc != 0 && job_rc != 3 )); then
  echo "ascore: nightly $run_id failed (exit $job_rc)" >&2
  exit "$job_rc"
fi

# Read back from the summary table, so the table and the report link land in this log even when the
# driver ran elsewhere (YARN cluster mode, Kubernetes). Exit 4 when a source got worse and
# ASCORE_FAIL_ON_REGRESSION=1 (threshold: ASCORE_REGRESSION_THRESHOLD, AS units, default 0.02).
summary=(summary --out "$ASCORE_OUT" --run-id "$run_id" --regression-threshold "${ASCORE_REGRESSION_THRESHOLD:-0.02}")
[[ "${ASCORE_FAIL_ON_REGRESSION:-}" == 1 ]] && summary+=(--fail-on-regression)
summary_rc=0
ascore_cli "${summary[@]}" || summary_rc=$?
echo "ascore: report of $run_id: ${ASCORE_OUT%/}/reports/$run_id/index.html"
(( summary_rc != 0 )) && exit "$summary_rc"
exit "$job_rc"
