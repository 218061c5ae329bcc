package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.Locale;

/**
 * Chooses who commits the run's tables. On s3a:// the S3A "magic" committer (no rename, which S3
 * does not have) when its classes are on the classpath: spark-hadoop-cloud comes with vendor
 * Sparks and ascore's lib/cloud/, not with the Apache tarball, and a commit protocol set in
 * spark-defaults without it fails every write, HDFS included. Everywhere else, and whenever the
 * user set any of the keys (fs.s3a.committer.name counts as set when it is not Hadoop's default
 * "file"), Spark's own choice stands. The decision is logged, so a run says
 * which committer wrote it.
 */
public final class OutputCommitters {
    private static final Logger LOG = LoggerFactory.getLogger(OutputCommitters.class);

    public static final String COMMIT_PROTOCOL_KEY = "spark.sql.sources.commitProtocolClass";
    public static final String PARQUET_COMMITTER_KEY = "spark.sql.parquet.output.committer.class";
    /** Set in the session's SQL conf, which Spark copies into the Hadoop conf of every write. */
    public static final String S3A_COMMITTER_KEY = "fs.s3a.committer.name";
    public static final String PATH_OUTPUT_PROTOCOL = "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol";
    public static final String BINDING_PARQUET_COMMITTER =
            "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter";
    public static final String S3A_COMMITTER = "magic";
    /** Hadoop's default for fs.s3a.committer.name (core-default.xml): the classic rename committer. */
    private static final String HADOOP_DEFAULT_COMMITTER = "file";

    private OutputCommitters() {
    }

    /** What {@link #configure} decided. */
    public enum Choice {
        S3A_MAGIC, USER_SETTINGS, SPARK_DEFAULT
    }

    /** Sets the S3A committer on the session for output on s3a:// when it can run; logs the choice. */
    public static Choice configure(SparkSession spark, String out) {
        String scheme = scheme(out);
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        // getAll holds only what was set (spark-defaults, --conf, the session), not SQL defaults.
        scala.collection.immutable.Map<String, String> set = spark.conf().getAll();
        String hadoopCommitter = hadoop.get(S3A_COMMITTER_KEY, HADOOP_DEFAULT_COMMITTER);
        if (set.contains(COMMIT_PROTOCOL_KEY) || set.contains(PARQUET_COMMITTER_KEY) || set.contains(S3A_COMMITTER_KEY)
                || set.contains("spark.hadoop." + S3A_COMMITTER_KEY) || !hadoopCommitter.equals(HADOOP_DEFAULT_COMMITTER)) {
            LOG.info("Output {} committed with the user's settings: {}={}, {}={}, {}={}", out,
                    COMMIT_PROTOCOL_KEY, set.get(COMMIT_PROTOCOL_KEY).getOrElse(() -> "(Spark's default)"),
                    PARQUET_COMMITTER_KEY, set.get(PARQUET_COMMITTER_KEY).getOrElse(() -> "(Spark's default)"),
                    S3A_COMMITTER_KEY, set.get(S3A_COMMITTER_KEY).getOrElse(() -> hadoopCommitter));
            return Choice.USER_SETTINGS;
        }
        if (!"s3a".equals(scheme)) {
            LOG.info("Output {} committed by Spark's default committer (FileOutputCommitter)", out);
            return Choice.SPARK_DEFAULT;
        }
        if (!onClasspath(PATH_OUTPUT_PROTOCOL) || !onClasspath(BINDING_PARQUET_COMMITTER)) {
            LOG.warn("Output {} committed by Spark's default committer (FileOutputCommitter, rename-based: slow and "
                    + "not atomic on S3): spark-hadoop-cloud is not on the classpath; add lib/cloud/ of the ascore "
                    + "distribution to --jars for the S3A committer", out);
            return Choice.SPARK_DEFAULT;
        }
        spark.conf().set(COMMIT_PROTOCOL_KEY, PATH_OUTPUT_PROTOCOL);
        spark.conf().set(PARQUET_COMMITTER_KEY, BINDING_PARQUET_COMMITTER);
        spark.conf().set(S3A_COMMITTER_KEY, S3A_COMMITTER);
        LOG.info("Output {} committed by the S3A '{}' committer (PathOutputCommitProtocol)", out, S3A_COMMITTER);
        return Choice.S3A_MAGIC;
    }

    private static String scheme(String out) {
        try {
            String s = new URI(out).getScheme();
            return s == null ? "file" : s.toLowerCase(Locale.ROOT);
        } catch (java.net.URISyntaxException e) {
            return "file";
        }
    }

    private static boolean onClasspath(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            Class.forName(className, false, loader != null ? loader : OutputCommitters.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
