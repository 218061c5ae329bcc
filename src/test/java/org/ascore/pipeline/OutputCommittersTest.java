package org.ascore.pipeline;

import org.apache.spark.sql.SparkSession;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped cluster defaults write on a stock Spark (no spark-hadoop-cloud), and the job picks
 * the S3A committer only for s3a:// output with the classes present and nothing set by the user.
 */
class OutputCommittersTest {
    private static final List<String> KEYS = List.of(OutputCommitters.COMMIT_PROTOCOL_KEY,
            OutputCommitters.PARQUET_COMMITTER_KEY, OutputCommitters.S3A_COMMITTER_KEY);

    @TempDir
    Path tmp;

    @AfterEach
    void unsetKeys() {
        KEYS.forEach(k -> SparkTestSession.get().conf().unset(k));
    }

    @Test
    void s3aOutputGetsTheMagicCommitterWhenItsClassesArePresent() {
        SparkSession spark = SparkTestSession.get();
        assertEquals(OutputCommitters.Choice.S3A_MAGIC, OutputCommitters.configure(spark, "s3a://bucket/ascore"));
        assertEquals(OutputCommitters.PATH_OUTPUT_PROTOCOL, spark.conf().get(OutputCommitters.COMMIT_PROTOCOL_KEY));
        assertEquals(OutputCommitters.BINDING_PARQUET_COMMITTER,
                spark.conf().get(OutputCommitters.PARQUET_COMMITTER_KEY));
        assertEquals("magic", spark.conf().get(OutputCommitters.S3A_COMMITTER_KEY));
    }

    @Test
    void otherSchemesKeepSparksDefault() {
        SparkSession spark = SparkTestSession.get();
        for (String out : List.of("hdfs://nn/ascore", tmp.toString(), tmp.toUri().toString())) {
            assertEquals(OutputCommitters.Choice.SPARK_DEFAULT, OutputCommitters.configure(spark, out), out);
            KEYS.forEach(k -> assertFalse(spark.conf().contains(k), k + " set for " + out));
        }
    }

    @Test
    void theUsersCommitterIsLeftAlone() {
        SparkSession spark = SparkTestSession.get();
        spark.conf().set(OutputCommitters.S3A_COMMITTER_KEY, "directory");
        assertEquals(OutputCommitters.Choice.USER_SETTINGS, OutputCommitters.configure(spark, "s3a://bucket/ascore"));
        assertEquals("directory", spark.conf().get(OutputCommitters.S3A_COMMITTER_KEY));
        assertFalse(spark.conf().contains(OutputCommitters.COMMIT_PROTOCOL_KEY));
    }

    /**
     * A child JVM whose classpath is the test's without spark-hadoop-cloud (as on the Apache
     * tarball), its session configured from conf/spark-defaults/cluster-cpu.conf as shipped.
     */
    @Test
    void shippedClusterDefaultsWriteParquetWithoutSparkHadoopCloud() throws Exception {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> kept = entries.stream().filter(e -> !Path.of(e).getFileName().toString()
                .startsWith("spark-hadoop-cloud")).collect(Collectors.toList());
        assertEquals(entries.size() - 1, kept.size(), "the test classpath holds exactly one spark-hadoop-cloud jar");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(Arrays.stream(Files.readString(Path.of("target", "launcher", "jvm.options")).trim().split("\\s+"))
                .filter(s -> !s.isEmpty()).toList());
        cmd.addAll(List.of("-Xmx1g", "-cp", String.join(File.pathSeparator, kept),
                ShippedDefaultsWriter.class.getName(),
                Path.of("conf", "spark-defaults", "cluster-cpu.conf").toAbsolutePath().toString(),
                tmp.resolve("table").toString()));
        Path log = tmp.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "child JVM did not finish");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("cloud-committer-on-classpath=false"), out);
        assertTrue(out.contains("s3a-choice=SPARK_DEFAULT"), out);
        assertTrue(out.contains("local-choice=SPARK_DEFAULT"), out);
        assertTrue(out.contains("rows-read-back=10"), out);
    }
}
