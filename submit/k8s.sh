#!/usr/bin/env bash
# ascore on Kubernetes (cluster deploy mode: driver and executors run in pods of ASCORE_IMAGE).
# Build first: mvn -B -Pcluster -DskipTests package
#
#   SPARK_HOME=/opt/spark K8S_MASTER=k8s://https://kube-api:6443 K8S_NAMESPACE=ml \
#   ASCORE_IMAGE=registry.example.com/ascore:0.1.0 submit/k8s.sh \
#       --real s3a://bucket/real --generated ddpm=s3a://bucket/ddpm \
#       --model /opt/ascore/conf/models/NAME.conf --out s3a://bucket/ascore [--run-id ID]
#
# The image holds Spark 4.0.x (Scala 2.13, Java 17) and ascore under ASCORE_IMAGE_HOME (default
# /opt/ascore): ascore-<version>.jar, lib/*.jar (= target/lib) and conf/, submit/ (for the GPU
# discovery script). Alternatively set K8S_UPLOAD_PATH (an s3a:// or hdfs:// folder) and
# spark-submit uploads this machine's jars and local --model/--config files there instead.
# K8S_SERVICE_ACCOUNT (default "spark") needs the rights to create executor pods.
# K8S_EXECUTOR_POD_TEMPLATE=conf/k8s/gpu-executor-pod.yaml lets GPU executors onto tainted GPU nodes.
# The image: the repository's Dockerfile (built from the distribution).
# Settings: conf/spark-defaults/cluster-cpu.conf (ASCORE_SPARK_DEFAULTS=... for cluster-gpu.conf).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/spark-submit-common.sh"

[[ -n "${K8S_MASTER:-}" ]] || ascore_die "set K8S_MASTER to the API server, e.g. k8s://https://kube-apiserver:6443"
[[ "$K8S_MASTER" == k8s://* ]] || ascore_die "K8S_MASTER must start with k8s://, got '$K8S_MASTER'"
[[ -n "${K8S_NAMESPACE:-}" ]] || ascore_die "set K8S_NAMESPACE to the namespace the pods run in"
[[ -n "${ASCORE_IMAGE:-}" ]] \
  || ascore_die "set ASCORE_IMAGE to a container image with Spark 4.0.x and ascore under /opt/ascore (see the comment at the top of $0)"

IMAGE_HOME="${ASCORE_IMAGE_HOME:-/opt/ascore}"
ASCORE_GPU_DISCOVERY="$IMAGE_HOME/submit/gpu-discovery.sh"
ASCORE_EXECUTOR_DJL_CACHE=/tmp/djl
# The image (Dockerfile) has spark-hadoop-cloud and hadoop-aws in its Spark already.
ASCORE_CLOUD_JARS=0
ascore_common_args "${ASCORE_SPARK_DEFAULTS:-$ASCORE_HOME/conf/spark-defaults/cluster-cpu.conf}" "$@"
ARGS=("$@")
EXTRA=()
if [[ -n "${K8S_UPLOAD_PATH:-}" ]]; then
  # spark-submit uploads local jars and files to K8S_UPLOAD_PATH; the pods download them.
  APP_JAR="$ASCORE_APP_JAR"
  LIB_JARS="$ASCORE_LIB_JARS"
  ascore_ship_local_files "$@"
  ARGS=("${ASCORE_ARGS[@]+"${ASCORE_ARGS[@]}"}")
  EXTRA+=(--conf "spark.kubernetes.file.upload.path=$K8S_UPLOAD_PATH")
  [[ -n "$ASCORE_SHIPPED" ]] && EXTRA+=(--files "$ASCORE_SHIPPED")
else
  # The jars are in the image: refer to them with local:// (paths inside the pods).
  APP_JAR="local://$IMAGE_HOME/$(basename "$ASCORE_APP_JAR")"
  LIB_JARS=""
  IFS=, read -r -a _libs <<< "$ASCORE_LIB_JARS"
  for _jar in "${_libs[@]}"; do
    LIB_JARS="${LIB_JARS:+$LIB_JARS,}local://$IMAGE_HOME/lib/$(basename "$_jar")"
  done
fi

ascore_submit \
  --master "$K8S_MASTER" \
  --deploy-mode cluster \
  "${ASCORE_SUBMIT_COMMON[@]}" \
  --conf "spark.kubernetes.namespace=$K8S_NAMESPACE" \
  --conf "spark.kubernetes.container.image=$ASCORE_IMAGE" \
  --conf "spark.kubernetes.authenticate.driver.serviceAccountName=${K8S_SERVICE_ACCOUNT:-spark}" \
  --conf spark.kubernetes.driverEnv.OPT_OUT_TRACKING=true \
  --conf spark.kubernetes.driverEnv.DJL_CACHE_DIR=/tmp/djl \
  ${K8S_EXECUTOR_POD_TEMPLATE:+--conf "spark.kubernetes.executor.podTemplateFile=$K8S_EXECUTOR_POD_TEMPLATE"} \
  "${EXTRA[@]+"${EXTRA[@]}"}" \
  --jars "$LIB_JARS" \
  "$APP_JAR" score "${ARGS[@]+"${ARGS[@]}"}"
