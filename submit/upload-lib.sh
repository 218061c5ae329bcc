#!/usr/bin/env bash
# Copies ascore's lib jars once to a shared folder (hdfs://, s3a://) that every node reads, so that
# spark-submit names them there (ASCORE_LIB_URI) instead of uploading ~116 MB from this machine on
# every run. Run it again after each upgrade of ascore (the jar names carry their versions).
#
#   ASCORE_LIB_URI=hdfs:///apps/ascore/lib submit/upload-lib.sh
#
# Uses `hadoop fs` (HADOOP_HOME/bin or PATH), with the cluster's core-site.xml for credentials.
set -euo pipefail
ASCORE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${ASCORE_LIB_URI:?set ASCORE_LIB_URI to the shared folder, e.g. hdfs:///apps/ascore/lib}"
HADOOP="${HADOOP_HOME:+$HADOOP_HOME/bin/}hadoop"
shopt -s nullglob
jars=("$ASCORE_HOME"/lib/*.jar "$ASCORE_HOME"/target/lib/*.jar)
(( ${#jars[@]} > 0 )) || { echo "ascore: no lib/*.jar or target/lib/*.jar under $ASCORE_HOME" >&2; exit 2; }
"$HADOOP" fs -mkdir -p "$ASCORE_LIB_URI"
"$HADOOP" fs -put -f "${jars[@]}" "$ASCORE_LIB_URI/"
echo "ascore: ${#jars[@]} jars in $ASCORE_LIB_URI; submit with ASCORE_LIB_URI=$ASCORE_LIB_URI" >&2
