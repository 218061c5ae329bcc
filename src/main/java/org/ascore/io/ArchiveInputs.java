package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.config.JobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Input rows of sample archives: {@code tar:URI} (WebDataset shards, {@link TarMembers}) and
 * {@code npz:URI} (NumPy .npz/.npy files, {@link NpzArrays}), each a file or a folder of them. The
 * driver lists the archive files (and reads .npz directories); executors turn them into one row
 * per image, so no per-image list is ever built on the driver. A corrupt or truncated archive
 * gives {@code read_error} rows naming it and why, and the other inputs are scored.
 */
final class ArchiveInputs {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveInputs.class);
    static final String TAR_PREFIX = "tar:";
    static final String NPZ_PREFIX = "npz:";
    private static final NameGlob TAR_FILES = new NameGlob("*.tar");
    private static final NameGlob NPZ_FILES = new NameGlob("*.{npz,npy}");

    private ArchiveInputs() {
    }

    static boolean isArchive(String root) {
        return root.startsWith(TAR_PREFIX) || root.startsWith(NPZ_PREFIX);
    }

    static Dataset<Row> rows(SparkSession spark, JobConfig cfg, String root, String split, String source) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        boolean tar = root.startsWith(TAR_PREFIX);
        String uri = root.substring((tar ? TAR_PREFIX : NPZ_PREFIX).length());
        try {
            FolderListing.Result files = FolderListing.list(uri, conf, tar ? TAR_FILES : NPZ_FILES);
            LOG.info("Input {}: {} archive files; {}", root, files.files().size(), files.skipped().describe());
            List<String> paths = files.files().stream().map(FolderListing.Entry::path).toList();
            JavaRDD<Row> rows;
            if (tar) {
                rows = jsc.parallelize(paths, Math.max(1, paths.size()))
                        .flatMap(new TarMembers(split, source, new NameGlob(cfg.inputGlob()), cfg.maxBytes(), conf));
            } else {
                List<NpzArrays.Slice> slices = new ArrayList<>();
                List<Row> unreadable = new ArrayList<>();
                for (String p : paths) {
                    NpzArrays.Listing listing = NpzArrays.slices(p, conf);
                    slices.addAll(listing.slices());
                    for (NpzArrays.Unreadable u : listing.unreadable()) {
                        LOG.warn("Input {}: {}", root, u.error());
                        unreadable.add(InputRows.failed(split, source, u.path(), u.error()));
                    }
                }
                rows = jsc.parallelize(slices, Math.max(1, slices.size()))
                        .flatMap(new NpzArrays.Rows(split, source, cfg.maxBytes(), conf));
                if (!unreadable.isEmpty()) {
                    rows = rows.union(jsc.parallelize(unreadable, 1));
                }
            }
            return spark.createDataFrame(rows, InputRows.SCHEMA);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list input " + root + ": " + e.getMessage(), e);
        }
    }

    static String stripPrefix(String root) {
        return root.startsWith(TAR_PREFIX) ? root.substring(TAR_PREFIX.length())
                : root.startsWith(NPZ_PREFIX) ? root.substring(NPZ_PREFIX.length()) : root;
    }
}
