package org.ascore.pipeline;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Run in a child JVM by {@link OutputCommittersTest}: a session configured from a shipped
 * spark-defaults file writes a partitioned Parquet table (as the job's tables are) to a local
 * folder, and reports on stdout what it saw. Args: defaults file, output folder.
 */
public final class ShippedDefaultsWriter {
    private ShippedDefaultsWriter() {
    }

    public static void main(String[] args) throws Exception {
        Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            shipped.load(r);
        }
        SparkConf conf = new SparkConf(false);
        shipped.stringPropertyNames().forEach(k -> conf.set(k, shipped.getProperty(k).strip()));
        conf.setMaster("local[1]").setAppName("shipped-defaults").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            boolean cloud;
            try {
                Class.forName(OutputCommitters.PATH_OUTPUT_PROTOCOL);
                cloud = true;
            } catch (ClassNotFoundException e) {
                cloud = false;
            }
            System.out.println("cloud-committer-on-classpath=" + cloud);
            System.out.println("s3a-choice=" + OutputCommitters.configure(spark, "s3a://bucket/out"));
            String out = Path.of(args[1]).toUri().toString();
            System.out.println("local-choice=" + OutputCommitters.configure(spark, out));
            spark.range(10).selectExpr("id", "id % 2 AS part").write().mode(SaveMode.Append).partitionBy("part")
                    .parquet(out);
            System.out.println("rows-read-back=" + spark.read().parquet(out).count());
        } finally {
            spark.stop();
        }
    }
}
