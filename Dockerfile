# ascore on Kubernetes: Spark 4.0.1 (Scala 2.13, Java 17) with the unpacked ascore distribution
# under /opt/ascore, the layout submit/k8s.sh refers to (local:///opt/ascore/...).
#
#   mvn -B -Pcluster -DskipTests package          # target/ascore-<version>-bin.tar.gz
#   docker build --build-arg ASCORE_VERSION=0.1.0-SNAPSHOT -t registry.example.com/ascore:0.1.0 .
#   # GPU executors: a CUDA build of libtorch 2.7.1 (the version DJL 0.35.1 runs), e.g.
#   docker build --build-arg LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip ...
#
# S3: the apache/spark image has neither hadoop-aws, its AWS SDK bundle, nor spark-hadoop-cloud
# (the S3A committers); all three go into Spark's own jars/ here, so every pod has them.
ARG SPARK_IMAGE=apache/spark:4.0.1-scala2.13-java17-ubuntu
FROM ${SPARK_IMAGE}
ARG ASCORE_VERSION=0.1.0-SNAPSHOT
# The AWS SDK v2 bundle hadoop-aws 3.4.1 was built against (~530 MB, hence not in the distribution).
ARG AWS_SDK_VERSION=2.24.6
# Empty: CPU only (the libtorch CPU natives are in ascore's lib/). A URL: a CUDA libtorch zip,
# unpacked to /opt/libtorch (conf/spark-defaults/cluster-gpu.conf points DJL there).
ARG LIBTORCH_URL=

USER root
ADD target/ascore-${ASCORE_VERSION}-bin.tar.gz /opt/
RUN mv /opt/ascore-${ASCORE_VERSION} /opt/ascore \
 && cp /opt/ascore/lib/cloud/*.jar /opt/spark/jars/ \
 && chmod 755 /opt/ascore/bin/* /opt/ascore/submit/*.sh
ADD --chmod=644 https://repo1.maven.org/maven2/software/amazon/awssdk/bundle/${AWS_SDK_VERSION}/bundle-${AWS_SDK_VERSION}.jar /opt/spark/jars/
RUN if [ -n "$LIBTORCH_URL" ]; then \
      apt-get update && apt-get install -y --no-install-recommends unzip curl && rm -rf /var/lib/apt/lists/* \
      && curl -fsSL -o /tmp/libtorch.zip "$LIBTORCH_URL" && unzip -q /tmp/libtorch.zip -d /opt \
      && rm /tmp/libtorch.zip && test -f /opt/libtorch/lib/libtorch.so; \
    fi
# DJL unpacks natives into its cache: a writable folder of the pod, never the network.
ENV DJL_CACHE_DIR=/tmp/djl OPT_OUT_TRACKING=true
USER spark
