#!/usr/bin/env bash
# ascore on a Spark standalone cluster, driver on this machine (client mode).
# Build first: mvn -B -Pcluster -DskipTests package
#
#   SPARK_HOME=/opt/spark SPARK_MASTER_URL=spark://master:7077 submit/standalone.sh \
#       --real hdfs:///data/real --generated ddpm=hdfs:///data/ddpm \
#       --model conf/models/NAME.conf --out hdfs:///ascore [--run-id ID]
#
# Inputs and --out must be readable/writable by every worker (HDFS, S3A, NFS); the model file is
# shipped to the executors by the job. Settings: conf/spark-defaults/cluster-cpu.conf
# (ASCORE_SPARK_DEFAULTS=conf/spark-defaults/cluster-gpu.conf for GPU workers).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"
# The driver runs here: log as submit/ascore does (results on stdout, ascore's progress on stderr).
ASCORE_DRIVER_JAVA_OPTS="-Dlog4j2.configurationFile=file:$ASCORE_HOME/conf/log4j2.properties${ASCORE_DRIVER_JAVA_OPTS:+ $ASCORE_DRIVER_JAVA_OPTS}"

[[ -n "${SPARK_MASTER_URL:-}" ]] || ascore_die "set SPARK_MASTER_URL to the master, e.g. spark://master-host:7077"
[[ "$SPARK_MASTER_URL" == spark://* ]] || ascore_die "SPARK_MASTER_URL must start with spark://, got '$SPARK_MASTER_URL'"

# Executors run on the workers: ascore must be installed at the same path there.
ASCORE_GPU_DISCOVERY="$ASCORE_HOME/submit/gpu-discovery.sh"
ascore_common_args "${ASCORE_SPARK_DEFAULTS:-$ASCORE_HOME/conf/spark-defaults/cluster-cpu.conf}" "$@"
ascore_submit \
  --master "$SPARK_MASTER_URL" \
  --deploy-mode client \
  "${ASCORE_SUBMIT_COMMON[@]}" \
  --jars "$ASCORE_LIB_JARS" \
  "$ASCORE_APP_JAR" score "$@"
