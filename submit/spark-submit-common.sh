# Sourced by submit/local.sh, standalone.sh, yarn.sh and k8s.sh (not run by itself): finds
# spark-submit and the jars built by `mvn -B -Pcluster -DskipTests package`, and sets what every
# cluster needs. Each script then runs
#
#   $SPARK_HOME/bin/spark-submit --master ... [cluster settings] "${ASCORE_SUBMIT_COMMON[@]}" \
#       --jars <target/lib/*.jar> target/ascore-<version>.jar score <your arguments>
#
# Environment:
#   SPARK_HOME             a Spark 4.0.x distribution (Scala 2.13, Java 17)            (required)
#   ASCORE_SPARK_DEFAULTS  spark-defaults file for --properties-file (each script has a default)
#   ASCORE_SUBMIT_ARGS     extra spark-submit options, split on spaces
#                          (e.g. "--num-executors 8 --packages org.apache.spark:spark-hadoop-cloud_2.13:4.0.1")
#   ASCORE_EXECUTOR_JAVA_OPTS, ASCORE_DRIVER_JAVA_OPTS   extra JVM options for executors / driver
#   ASCORE_DRY_RUN=1       print the spark-submit command instead of running it

ASCORE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

ascore_die() {
  echo "ascore: $*" >&2
  exit 2
}

[[ -n "${SPARK_HOME:-}" ]] \
  || ascore_die "SPARK_HOME is not set: point it at a Spark 4.0.x (Scala 2.13) distribution"
SPARK_SUBMIT="$SPARK_HOME/bin/spark-submit"
[[ -x "$SPARK_SUBMIT" ]] || ascore_die "$SPARK_SUBMIT not found or not executable (SPARK_HOME=$SPARK_HOME)"

shopt -s nullglob
_app_jars=()
for _jar in "$ASCORE_HOME"/target/ascore-*.jar; do
  case "$_jar" in *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac
  _app_jars+=("$_jar")
done
_lib_jars=("$ASCORE_HOME"/target/lib/*.jar)
shopt -u nullglob
(( ${#_app_jars[@]} == 1 && ${#_lib_jars[@]} > 0 )) \
  || ascore_die "no application jar and target/lib/: build them with 'mvn -B -Pcluster -DskipTests package' in $ASCORE_HOME"
for _jar in "${_lib_jars[@]}"; do
  case "$(basename "$_jar")" in
    spark-core_*|spark-sql_*) ascore_die "target/lib holds Spark itself; rebuild with the cluster profile: mvn -B -Pcluster -DskipTests package" ;;
  esac
done
ASCORE_APP_JAR="${_app_jars[0]}"
# Comma-separated, as --jars wants.
ASCORE_LIB_JARS="$(IFS=,; echo "${_lib_jars[*]}")"

# The driver of a client-mode run is this machine's spark-submit JVM: it needs the variable too.
export OPT_OUT_TRACKING=true

# Settings every cluster needs. The spark-defaults file is loaded with --load-spark-defaults so the
# cluster's own $SPARK_HOME/conf/spark-defaults.conf still applies to the keys it does not set.
ascore_common_args() {
  local defaults="$1"
  [[ -f "$defaults" ]] || ascore_die "spark-defaults file $defaults not found"
  ASCORE_SUBMIT_COMMON=(
    --class org.ascore.cli.Main
    --properties-file "$defaults" --load-spark-defaults
    --conf spark.executorEnv.OPT_OUT_TRACKING=true
    # Spark 4 runs SQL tasks with the session's artifact set, which leaves out files added with
    # SparkContext.addFile (how the job ships the model to the executors); share them instead.
    --conf spark.sql.artifact.isolation.enabled=false
    --conf "spark.executor.extraJavaOptions=-Dai.djl.offline=true${ASCORE_EXECUTOR_JAVA_OPTS:+ $ASCORE_EXECUTOR_JAVA_OPTS}"
    --conf "spark.driver.extraJavaOptions=-Dai.djl.offline=true${ASCORE_DRIVER_JAVA_OPTS:+ $ASCORE_DRIVER_JAVA_OPTS}"
  )
  # shellcheck disable=SC2206
  ASCORE_SUBMIT_COMMON+=(${ASCORE_SUBMIT_ARGS:-})
}

# In cluster deploy mode the driver runs on a cluster node, where this machine's files do not
# exist: local --model and --config files are shipped with --files and passed by their base name
# (spark-submit puts them in the driver's working directory). The model card's `file` must then be
# a URI the cluster can read (hdfs://, s3a://, ...); the job itself distributes the model file to
# the executors (SparkContext.addFile). Sets ASCORE_ARGS and ASCORE_SHIPPED (comma-separated).
ascore_ship_local_files() {
  ASCORE_ARGS=()
  local shipped=()
  while (( $# )); do
    case "$1" in
      --model|--config)
        if (( $# >= 2 )) && [[ -f "$2" ]]; then
          shipped+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")")
          ASCORE_ARGS+=("$1" "$(basename "$2")")
          shift 2
          continue
        fi ;;
      --model=*|--config=*)
        if [[ -f "${1#*=}" ]]; then
          shipped+=("$(cd "$(dirname "${1#*=}")" && pwd)/$(basename "${1#*=}")")
          ASCORE_ARGS+=("${1%%=*}=$(basename "${1#*=}")")
          shift
          continue
        fi ;;
    esac
    ASCORE_ARGS+=("$1")
    shift
  done
  ASCORE_SHIPPED="$(IFS=,; echo "${shipped[*]:-}")"
  local f model_file
  for f in "${shipped[@]+"${shipped[@]}"}"; do
    model_file="$(sed -n 's/^[[:space:]]*file[[:space:]]*[=:][[:space:]]*"\{0,1\}\([^"#]*\).*/\1/p' "$f" | head -n 1)"
    if [[ -n "$model_file" && "$model_file" != *://* ]]; then
      echo "ascore: warning: $(basename "$f") has file = $model_file, a path on this machine; the driver runs on" \
        "a cluster node and reads the model from there: use an hdfs://, s3a://, ... URI in the card" >&2
    fi
  done
}

# Runs spark-submit (or prints the command with ASCORE_DRY_RUN=1).
ascore_submit() {
  if [[ "${ASCORE_DRY_RUN:-}" == 1 ]]; then
    printf '%q ' "$SPARK_SUBMIT" "$@"
    echo
    exit 0
  fi
  exec "$SPARK_SUBMIT" "$@"
}
