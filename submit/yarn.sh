#!/usr/bin/env bash
# ascore on YARN. Default: cluster deploy mode (the driver runs in the application master);
# ASCORE_DEPLOY_MODE=client keeps the driver on this machine. Build first:
# mvn -B -Pcluster -DskipTests package
#
#   SPARK_HOME=/opt/spark HADOOP_CONF_DIR=/etc/hadoop/conf submit/yarn.sh \
#       --real hdfs:///data/real --generated ddpm=hdfs:///data/ddpm \
#       --model conf/models/NAME.conf --out hdfs:///ascore [--run-id ID]
#
# In cluster mode, local --model/--config files are shipped with --files (the card's `file` must be
# an hdfs:// or s3a:// URI then). YARN_QUEUE=NAME picks a queue. Settings:
# conf/spark-defaults/cluster-cpu.conf (ASCORE_SPARK_DEFAULTS=... for cluster-gpu.conf).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"

[[ -n "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]] \
  || ascore_die "set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the folder with yarn-site.xml and core-site.xml"
DEPLOY_MODE="${ASCORE_DEPLOY_MODE:-cluster}"
[[ "$DEPLOY_MODE" == cluster || "$DEPLOY_MODE" == client ]] \
  || ascore_die "ASCORE_DEPLOY_MODE must be cluster or client, got '$DEPLOY_MODE'"

# The GPU discovery script travels with the job (--files): executors find it in their working folder.
ASCORE_GPU_DISCOVERY="./gpu-discovery.sh"
ascore_common_args "${ASCORE_SPARK_DEFAULTS:-$ASCORE_HOME/conf/spark-defaults/cluster-cpu.conf}" "$@"
ARGS=("$@")
FILES="$ASCORE_HOME/submit/gpu-discovery.sh"
if [[ "$DEPLOY_MODE" == cluster ]]; then
  ascore_ship_local_files "$@"
  ARGS=("${ASCORE_ARGS[@]+"${ASCORE_ARGS[@]}"}")
  FILES="$FILES${ASCORE_SHIPPED:+,$ASCORE_SHIPPED}"
fi

ascore_submit \
  --master yarn \
  --deploy-mode "$DEPLOY_MODE" \
  ${YARN_QUEUE:+--queue "$YARN_QUEUE"} \
  "${ASCORE_SUBMIT_COMMON[@]}" \
  --conf spark.yarn.appMasterEnv.OPT_OUT_TRACKING=true \
  --conf spark.yarn.appMasterEnv.DJL_CACHE_DIR=./djl-cache \
  --files "$FILES" \
  --jars "$ASCORE_LIB_JARS" \
  "$ASCORE_APP_JAR" score "${ARGS[@]+"${ARGS[@]}"}"
