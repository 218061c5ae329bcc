#!/usr/bin/env bash
# ascore through spark-submit in local mode: the same jars as on a cluster, all cores of this
# machine (MASTER=local[4] for fewer). Build first: mvn -B -Pcluster -DskipTests package
#
#   SPARK_HOME=/opt/spark submit/local.sh --real DIR --generated LABEL=DIR \
#       --model conf/models/fmnist-cnn.conf --out DIR [--run-id ID]
#
# Settings: conf/spark-defaults/local.conf (ASCORE_SPARK_DEFAULTS=FILE for another); more in
# submit/spark-submit-common.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"
# The driver runs here: log as submit/ascore does (results on stdout, ascore's progress on stderr).
ASCORE_DRIVER_JAVA_OPTS="-Dlog4j2.configurationFile=file:$ASCORE_HOME/conf/log4j2.properties${ASCORE_DRIVER_JAVA_OPTS:+ $ASCORE_DRIVER_JAVA_OPTS}"

ASCORE_GPU_DISCOVERY="$ASCORE_HOME/submit/gpu-discovery.sh"
ascore_common_args "${ASCORE_SPARK_DEFAULTS:-$ASCORE_HOME/conf/spark-defaults/local.conf}" "$@"
ascore_submit \
  --master "${MASTER:-local[*]}" \
  --deploy-mode client \
  "${ASCORE_SUBMIT_COMMON[@]}" \
  --jars "$ASCORE_LIB_JARS" \
  "$ASCORE_APP_JAR" score "$@"
