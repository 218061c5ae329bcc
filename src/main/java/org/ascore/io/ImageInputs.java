package org.ascore.io;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;

/**
 * Lists the input images as rows of {@link ResultSchemas#INPUT}. Folders are listed by Spark's
 * file index (the {@code binaryFile} source's glob and recursion options) and only the paths are
 * kept: the executors read the bytes, so a file that cannot be read becomes a row with a status
 * instead of failing the job. A {@code parquet:URI} root is a table that already holds the image bytes.
 */
public final class ImageInputs {
    public static final String REAL = "real";
    public static final String GENERATED = "generated";
    private static final String PARQUET_PREFIX = "parquet:";

    private ImageInputs() {
    }

    /** Fails with the key named if an input root does not exist. Run on the driver before any work. */
    public static void checkRootsExist(SparkSession spark, JobConfig cfg) {
        for (String root : cfg.real()) {
            checkExists(spark, root, JobConfig.Key.REAL.key());
        }
        for (Map.Entry<String, List<String>> e : cfg.generated().entrySet()) {
            for (String root : e.getValue()) {
                checkExists(spark, root, JobConfig.Key.GENERATED.key());
            }
        }
    }

    private static void checkExists(SparkSession spark, String root, String key) {
        String uri = stripPrefix(root);
        try {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.globStatus(p) == null || fs.globStatus(p).length == 0) {
                throw new ConfigException(key, "input does not exist: " + uri);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(key, "cannot access input " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Every input of the job: the real roots under the real label, then each generated source. */
    public static Dataset<Row> all(SparkSession spark, JobConfig cfg) {
        List<Dataset<Row>> parts = new ArrayList<>();
        for (String root : cfg.real()) {
            parts.add(one(spark, cfg, root, REAL, cfg.realLabel()));
        }
        for (Map.Entry<String, List<String>> e : cfg.generated().entrySet()) {
            for (String root : e.getValue()) {
                parts.add(one(spark, cfg, root, GENERATED, e.getKey()));
            }
        }
        Dataset<Row> union = parts.get(0);
        for (Dataset<Row> p : parts.subList(1, parts.size())) {
            union = union.unionByName(p);
        }
        return union;
    }

    private static Dataset<Row> one(SparkSession spark, JobConfig cfg, String root, String split, String source) {
        Column splitCol = lit(split).as("split");
        Column sourceCol = lit(source).as("source");
        if (root.startsWith(PARQUET_PREFIX)) {
            Dataset<Row> table = spark.read().parquet(stripPrefix(root));
            String content = cfg.parquetContentColumn();
            String path = cfg.parquetPathColumn();
            List<String> columns = Arrays.asList(table.columns());
            if (!columns.contains(content)) {
                throw new ConfigException(JobConfig.Key.PARQUET_CONTENT_COLUMN.key(),
                        "table " + root + " has no column '" + content + "'; it has " + columns);
            }
            if (!columns.contains(path)) {
                throw new ConfigException(JobConfig.Key.PARQUET_PATH_COLUMN.key(),
                        "table " + root + " has no column '" + path + "'; it has " + columns);
            }
            return table.select(splitCol, sourceCol, col(path).cast(DataTypes.StringType).as("path"),
                    length(col(content)).cast(DataTypes.LongType).as("length"),
                    col(content).cast(DataTypes.BinaryType).as("content"));
        }
        // The binaryFile source lists the folder (glob and recursion applied by Spark's file index),
        // but its scan skips zero-byte files; taking the index's file list keeps every file.
        String[] files = spark.read().format("binaryFile")
                .option("pathGlobFilter", cfg.inputGlob())
                .option("recursiveFileLookup", "true")
                .load(root)
                .inputFiles();
        return spark.createDataset(Arrays.asList(files), Encoders.STRING()).toDF("path")
                .select(splitCol, sourceCol, col("path"), lit(null).cast(DataTypes.LongType).as("length"),
                        lit(null).cast(DataTypes.BinaryType).as("content"));
    }

    private static String stripPrefix(String root) {
        return root.startsWith(PARQUET_PREFIX) ? root.substring(PARQUET_PREFIX.length()) : root;
    }
}
