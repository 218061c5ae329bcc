package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.ascore.config.ConfigException;
import org.ascore.config.JobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.lit;

/**
 * Lists the input images as rows of {@link InputRows#SCHEMA}. Folders are listed on the driver
 * by {@link FolderListing} and only paths and lengths are kept: the executors read the bytes, so a
 * file that cannot be read becomes a row with a status instead of failing the job. A
 * {@code parquet:URI} root is a table that already holds the image bytes ({@link ParquetImages});
 * {@code tar:URI} and {@code npz:URI} roots are sample archives ({@link ArchiveInputs}).
 */
public final class ImageInputs {
    private static final Logger LOG = LoggerFactory.getLogger(ImageInputs.class);
    public static final String REAL = "real";
    public static final String GENERATED = "generated";
    private static final String PARQUET_PREFIX = "parquet:";

    /** The input rows of a job and the files under its roots that were left out. */
    public record Listed(Dataset<Row> rows, SkippedFiles skipped) {
    }

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
            if (FolderListing.resolve(uri, spark.sparkContext().hadoopConfiguration()).isEmpty()) {
                throw new ConfigException(key, "input does not exist: " + uri);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(key, "cannot access input " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Every input of the job: the real roots under the real label, then each generated source. */
    public static Listed all(SparkSession spark, JobConfig cfg) {
        List<Dataset<Row>> parts = new ArrayList<>();
        SkippedFiles skipped = SkippedFiles.none(cfg.inputGlob());
        List<String[]> roots = new ArrayList<>();
        for (String root : cfg.real()) {
            roots.add(new String[] {root, REAL, cfg.realLabel()});
        }
        for (Map.Entry<String, List<String>> e : cfg.generated().entrySet()) {
            for (String root : e.getValue()) {
                roots.add(new String[] {root, GENERATED, e.getKey()});
            }
        }
        for (String[] r : roots) {
            if (r[0].startsWith(PARQUET_PREFIX)) {
                parts.add(ParquetImages.rows(spark, cfg, stripPrefix(r[0]), r[1], r[2]));
            } else if (ArchiveInputs.isArchive(r[0])) {
                parts.add(ArchiveInputs.rows(spark, cfg, r[0], r[1], r[2]));
            } else {
                FolderListing.Result listed = listFolder(spark, cfg, r[0]);
                skipped = skipped.plus(listed.skipped());
                List<Row> rows = new ArrayList<>(listed.files().size());
                for (FolderListing.Entry f : listed.files()) {
                    rows.add(InputRows.file(r[1], r[2], f.path(), f.length()));
                }
                parts.add(spark.createDataFrame(rows, InputRows.SCHEMA));
            }
        }
        if (skipped.total() > 0) {
            LOG.warn("Inputs: {}", skipped.describe());
        }
        Dataset<Row> union = parts.get(0);
        for (Dataset<Row> p : parts.subList(1, parts.size())) {
            union = union.unionByName(p);
        }
        return new Listed(union, skipped);
    }

    private static FolderListing.Result listFolder(SparkSession spark, JobConfig cfg, String root) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            FolderListing.Result listed = FolderListing.list(root, conf, new NameGlob(cfg.inputGlob()));
            LOG.info("Input {}: {} files; {}", root, listed.files().size(), listed.skipped().describe());
            return listed;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list input " + root + ": " + e.getMessage(), e);
        }
    }

    /** The typed null of an INPUT column a producer does not fill, for Dataset-built rows. */
    static Column nullColumn(String name) {
        return lit(null).cast(InputRows.SCHEMA.apply(name).dataType()).as(name);
    }

    private static String stripPrefix(String root) {
        return root.startsWith(PARQUET_PREFIX) ? root.substring(PARQUET_PREFIX.length())
                : ArchiveInputs.stripPrefix(root);
    }
}
