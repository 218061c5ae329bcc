#!/usr/bin/env bash
# End-to-end check of the distribution on a Spark like the Apache 4.0.1 tarball, without Maven on
# the path of the run: unpacks target/ascore-*-bin.tar.gz, lays out SPARK_HOME with jars/ = the
# given classpath minus spark-hadoop-cloud, hadoop-aws and the AWS SDK (what the tarball lacks) and
# a bin/spark-submit that is what the tarball's script boils down to, then runs the distribution's
# submit/nightly.sh (ASCORE_LAUNCHER=local) on 16 demo images per set, and checks the summary and
# report lines in its log and the committer it chose. StockSparkDistributionTest runs it in `mvn test`;
# by hand, after `mvn -B -Pcluster -DskipTests package`:
#
#   mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=/tmp/cp.txt
#   src/test/dist/stock-spark-nightly.sh /tmp/cp.txt [WORK_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CP_FILE="${1:?usage: $0 CLASSPATH_FILE [WORK_DIR]}"
WORK="${2:-$(mktemp -d)}"
fail() { echo "stock-spark-nightly: FAIL: $*" >&2; exit 1; }

mkdir -p "$WORK/spark/bin" "$WORK/spark/jars" "$WORK/data"
tr ':' '\n' < "$CP_FILE" | grep '\.jar$' | grep -v 'spark-hadoop-cloud\|hadoop-aws\|awssdk' \
  | while read -r jar; do ln -sf "$jar" "$WORK/spark/jars/"; done
# The tarball's bin/spark-submit and bin/spark-class: Spark's launcher prints the java command (with
# the JVM module options Spark needs, e.g. --add-opens for sun.util.calendar) after a NUL, then it runs.
cat > "$WORK/spark/bin/spark-submit" <<'SUBMIT'
#!/usr/bin/env bash
RUNNER="${JAVA_HOME:+$JAVA_HOME/bin/}java"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"   # what bin/load-spark-env.sh sets
build_command() {
  "$RUNNER" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit "$@"
  printf "%d\0" $?
}
CMD=()
DELIM=$'\n'
CMD_START_FLAG=false
# As in spark-class: lines before the NUL line are the launcher's messages; bash reads the NUL line
# as an empty one, after which the NUL-separated command follows.
while IFS= read -d "$DELIM" -r ARG; do
  if [[ "$CMD_START_FLAG" == true ]]; then
    CMD+=("$ARG")
  elif [[ -z "$ARG" ]]; then
    DELIM=''
    CMD_START_FLAG=true
  else
    echo "$ARG"
  fi
done < <(build_command "$@")
LAST=$((${#CMD[@]} - 1))
LAUNCHER_EXIT_CODE=${CMD[$LAST]}
[[ "$LAUNCHER_EXIT_CODE" =~ ^[0-9]+$ ]] || { echo "spark-submit: bad launcher output" >&2; exit 1; }
(( LAUNCHER_EXIT_CODE == 0 )) || exit "$LAUNCHER_EXIT_CODE"
exec "${CMD[@]:0:$LAST}"
SUBMIT
chmod +x "$WORK/spark/bin/spark-submit"
tar xzf "$(ls "$ROOT"/target/ascore-*-bin.tar.gz)" -C "$WORK"
DIST="$(ls -d "$WORK"/ascore-*/)"
for s in real generated/pca-4 generated/pca-64; do
  mkdir -p "$WORK/data/$(basename "$s")"
  # Not `| head`: under pipefail, sort's SIGPIPE from an early-closing head fails the script.
  mapfile -t pngs < <(find "$DIST/src/demo/$s" -name '*.png' | sort)
  cp -t "$WORK/data/$(basename "$s")" "${pngs[@]:0:16}"
done

# A mvn that fails loudly comes first on PATH: the distribution must never call Maven.
mkdir -p "$WORK/no-maven"
printf '#!/bin/sh\necho "mvn called by the distribution" >&2\nexit 97\n' > "$WORK/no-maven/mvn"
chmod +x "$WORK/no-maven/mvn"
rc=0
env -u ASCORE_DRY_RUN SPARK_HOME="$WORK/spark" PATH="$WORK/no-maven:$PATH" ASCORE_LAUNCHER=local MASTER='local[2]' \
  ASCORE_REAL="$WORK/data/real" ASCORE_GENERATED=$'pca-4='"$WORK/data/pca-4"$'\npca-64='"$WORK/data/pca-64" \
  ASCORE_MODEL="$DIST/conf/models/fmnist-cnn.conf" ASCORE_OUT="$WORK/out" ASCORE_FAIL_ON_REGRESSION=1 \
  JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
  "$DIST/submit/nightly.sh" > "$WORK/nightly.log" 2>&1 || rc=$?
(( rc == 0 )) || fail "nightly.sh exited $rc; log: $WORK/nightly.log"
grep -q 'committed by Spark.s default committer' "$WORK/nightly.log" || fail "no committer line in $WORK/nightly.log"
grep -qE '^fmnist-cnn +pca-4 +[0-9.]+ ' "$WORK/nightly.log" || fail "no summary line in $WORK/nightly.log"
grep -q "ascore: report of nightly-" "$WORK/nightly.log" || fail "no report line in $WORK/nightly.log"
! grep -q ClassNotFoundException "$WORK/nightly.log" || fail "ClassNotFoundException in $WORK/nightly.log"
[[ -z "$(ls -A "$WORK/out/locks")" ]] || fail "the lock was not released"
echo "stock-spark-nightly: OK ($WORK/nightly.log)"
