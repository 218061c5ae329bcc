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
#   ASCORE_SUBMIT_ARGS     extra spark-submit arguments, ONE PER LINE (so a value may hold spaces):
#                            ASCORE_SUBMIT_ARGS=$'--num-executors\n8\n--conf\nspark.foo=a b'
#   ASCORE_EXECUTOR_JAVA_OPTS, ASCORE_DRIVER_JAVA_OPTS   extra JVM options for executors / driver,
#                          appended to the extraJavaOptions the properties file or the cluster's
#                          spark-defaults.conf already set (never replacing them)
#   ASCORE_LIB_URI         a shared folder (hdfs://, s3a://) holding the lib jars, filled once by
#                          submit/upload-lib.sh; --jars then names them there instead of uploading
#                          them from this machine on every run
#   ASCORE_DRY_RUN=1       print the spark-submit command instead of running it
# Every list variable of the scripts (ASCORE_SUBMIT_ARGS, ASCORE_REAL, ASCORE_GENERATED) is one
# item per line.

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
# An unpacked distribution has ascore-<version>.jar and lib/ at its top; a checkout has them in
# target/ after the build.
_built="$ASCORE_HOME/target"
_dist_jars=("$ASCORE_HOME"/lib/*.jar)
(( ${#_dist_jars[@]} > 0 )) && _built="$ASCORE_HOME"
_app_jars=()
for _jar in "$_built"/ascore-*.jar; do
  case "$_jar" in *-sources.jar|*-javadoc.jar|*-tests.jar) continue ;; esac
  _app_jars+=("$_jar")
done
_lib_jars=("$_built"/lib/*.jar)
# lib/cloud/ of a distribution: the S3A committers and hadoop-aws, shipped only to a Spark that
# lacks them (launchers whose image already has them set ASCORE_CLOUD_JARS=0).
_cloud_jars=()
for _jar in "$_built"/lib/cloud/*.jar; do
  _have=("$SPARK_HOME"/jars/"$(basename "$_jar" | sed 's/-[0-9][^_]*\.jar$//')"-*.jar)
  (( ${#_have[@]} == 0 )) && _cloud_jars+=("$_jar")
done
shopt -u nullglob
(( ${#_app_jars[@]} == 1 && ${#_lib_jars[@]} > 0 )) \
  || ascore_die "no application jar and target/lib/: build them with 'mvn -B -Pcluster -DskipTests package' in $ASCORE_HOME"
for _jar in "${_lib_jars[@]}"; do
  case "$(basename "$_jar")" in
    spark-core_*|spark-sql_*) ascore_die "target/lib holds Spark itself; rebuild with the cluster profile: mvn -B -Pcluster -DskipTests package" ;;
  esac
done
ASCORE_APP_JAR="${_app_jars[0]}"
ASCORE_LIB_FILES=("${_lib_jars[@]}")

# The driver of a client-mode run is this machine's spark-submit JVM: it needs the variable too.
export OPT_OUT_TRACKING=true

# The value a Spark key has before our --conf options: the properties file passed, else the
# cluster's spark-defaults.conf (SPARK_CONF_DIR, else SPARK_HOME/conf), as spark-submit resolves it.
ASCORE_CLUSTER_DEFAULTS="${SPARK_CONF_DIR:-$SPARK_HOME/conf}/spark-defaults.conf"
ascore_effective_conf() {
  local value
  value="$(ascore_conf_from "$ASCORE_DEFAULTS_FILE" "$1")"
  [[ -n "$value" ]] || value="$(ascore_conf_from "$ASCORE_CLUSTER_DEFAULTS" "$1")"
  printf '%s' "$value"
}

# A key's value in one properties file ("key value" or "key=value"; the last one wins), or "".
ascore_conf_from() {
  local value=""
  if [[ -f "$1" ]]; then
    value="$(sed -n "s/^[[:space:]]*${2//./[.]}[[:space:]=:][[:space:]]*//p" "$1" | tail -n 1)"
    value="${value%"${value##*[![:space:]]}"}"
  fi
  printf '%s' "$value"
}

# Reads ASCORE_SUBMIT_ARGS (one argument per line) into the array named by $1.
ascore_lines_to_array() {
  local -n _out="$1"
  local _line
  _out=()
  while IFS= read -r _line; do
    if [[ -n "$_line" ]]; then
      _out+=("$_line")
    fi
  done <<< "$2"
}

# The run id among the score arguments (for the application name), or "score".
ascore_run_id() {
  local prev=""
  for a in "$@"; do
    [[ "$prev" == --run-id ]] && { printf '%s' "$a"; return; }
    [[ "$a" == --run-id=* ]] && { printf '%s' "${a#*=}"; return; }
    prev="$a"
  done
  printf 'score'
}

# The --jars list: this machine's jars, or the same names under ASCORE_LIB_URI. The x86_64 CPU
# natives stay home when executors have GPUs and a CUDA libtorch (PYTORCH_LIBRARY_PATH).
ascore_lib_jars() {
  local jars=() jar name all=("${ASCORE_LIB_FILES[@]}")
  [[ "${ASCORE_CLOUD_JARS:-1}" == 0 ]] || all+=("${_cloud_jars[@]+"${_cloud_jars[@]}"}")
  for jar in "${all[@]}"; do
    name="$(basename "$jar")"
    if [[ "$name" == pytorch-native-cpu-* && -n "$(ascore_effective_conf spark.executor.resource.gpu.amount)" \
          && -n "$(ascore_effective_conf spark.executorEnv.PYTORCH_LIBRARY_PATH)" ]]; then
      continue
    fi
    if [[ -n "${ASCORE_LIB_URI:-}" ]]; then
      jars+=("${ASCORE_LIB_URI%/}/$name")
    else
      jars+=("$jar")
    fi
  done
  (IFS=,; echo "${jars[*]}")
}

# Settings every cluster needs, appended to (never replacing) the cluster's own. The spark-defaults
# file is loaded with --load-spark-defaults so the cluster's spark-defaults.conf still applies to
# the keys it does not set. $1: the properties file; the rest: the score arguments.
ascore_common_args() {
  ASCORE_DEFAULTS_FILE="$1"
  shift
  [[ -f "$ASCORE_DEFAULTS_FILE" ]] || ascore_die "spark-defaults file $ASCORE_DEFAULTS_FILE not found"
  local exec_opts driver_opts redaction ours='(?i)secret|password|token|access[.]key|credential'
  exec_opts="$(ascore_effective_conf spark.executor.extraJavaOptions)"
  driver_opts="$(ascore_effective_conf spark.driver.extraJavaOptions)"
  # Redaction only ever widens: the properties file's pattern, the cluster's and ours, joined.
  redaction="$(ascore_conf_from "$ASCORE_DEFAULTS_FILE" spark.redaction.regex)"
  local cluster_redaction
  cluster_redaction="$(ascore_conf_from "$ASCORE_CLUSTER_DEFAULTS" spark.redaction.regex)"
  [[ -n "$cluster_redaction" && "$redaction" != *"$cluster_redaction"* ]] \
    && redaction="${redaction:+$redaction|}$cluster_redaction"
  [[ "$redaction" == *"$ours"* ]] || redaction="${redaction:+$redaction|}$ours"
  ASCORE_SUBMIT_COMMON=(
    --class org.ascore.cli.Main
    --name "ascore-$(ascore_run_id "$@")"
    --properties-file "$ASCORE_DEFAULTS_FILE" --load-spark-defaults
    --conf spark.executorEnv.OPT_OUT_TRACKING=true
    # libtorch unpacks into DJL's cache: a folder of the executor's container, not $HOME.
    --conf "spark.executorEnv.DJL_CACHE_DIR=${ASCORE_EXECUTOR_DJL_CACHE:-./djl-cache}"
    # Spark 4 runs SQL tasks with the session's artifact set, which leaves out files added with
    # SparkContext.addFile (how the job ships the model to the executors); share them instead.
    --conf spark.sql.artifact.isolation.enabled=false
    --conf "spark.executor.extraJavaOptions=${exec_opts:+$exec_opts }-Dai.djl.offline=true${ASCORE_EXECUTOR_JAVA_OPTS:+ $ASCORE_EXECUTOR_JAVA_OPTS}"
    --conf "spark.driver.extraJavaOptions=${driver_opts:+$driver_opts }-Dai.djl.offline=true${ASCORE_DRIVER_JAVA_OPTS:+ $ASCORE_DRIVER_JAVA_OPTS}"
    --conf "spark.redaction.regex=$redaction"
  )
  # GPU executors: the discovery script travels with the submission (ASCORE_GPU_DISCOVERY, set by
  # each launcher to where the executors see it) unless the configuration names one.
  if [[ -n "$(ascore_effective_conf spark.executor.resource.gpu.amount)" \
        && -z "$(ascore_effective_conf spark.executor.resource.gpu.discoveryScript)" ]]; then
    ASCORE_SUBMIT_COMMON+=(--conf "spark.executor.resource.gpu.discoveryScript=$ASCORE_GPU_DISCOVERY")
  fi
  local extra=()
  ascore_lines_to_array extra "${ASCORE_SUBMIT_ARGS:-}"
  ASCORE_SUBMIT_COMMON+=("${extra[@]+"${extra[@]}"}")
  ASCORE_LIB_JARS="$(ascore_lib_jars)"
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
