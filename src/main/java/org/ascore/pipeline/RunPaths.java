package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ascore.util.Uris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a run's rows live. Each execution of a run (an attempt) writes its own partition folders,
 * {@code .../feature_model=F/run_id=R/attempt=A/} in scores (below run_date), summary and rankings;
 * the {@code runs} table says which attempt of a run is committed (see {@link RunCommit}). Nothing
 * is overwritten or renamed over, which object stores cannot do atomically.
 */
public final class RunPaths {
    private static final Logger LOG = LoggerFactory.getLogger(RunPaths.class);
    private static final String[] ATTEMPT_TABLES = {"scores", "summary", "rankings", "comparisons"};

    private final String out;

    public RunPaths(String out) {
        this.out = Uris.withoutTrailingSlash(out);
    }

    public String scores() {
        return out + "/scores";
    }

    public String summary() {
        return out + "/summary";
    }

    public String rankings() {
        return out + "/rankings";
    }

    public String comparisons() {
        return out + "/comparisons";
    }

    /** The commit records, one file per committed attempt. */
    public String runs() {
        return out + "/runs";
    }

    /** The attempt ids that have a folder in any table, for this run and feature model. */
    List<String> attempts(Configuration conf, String runId, String featureModel) {
        List<String> out = new ArrayList<>();
        for (String table : ATTEMPT_TABLES) {
            for (FileStatus f : glob(conf, runFolder(table, runId, featureModel) + "/" + RunCommit.ATTEMPT + "=*")) {
                String name = f.getPath().getName();
                String attempt = name.substring(RunCommit.ATTEMPT.length() + 1);
                if (!out.contains(attempt)) {
                    out.add(attempt);
                }
            }
        }
        return out;
    }

    /** Deletes one attempt's partition folders in every table. */
    void deleteAttempt(Configuration conf, String runId, String featureModel, String attempt) {
        for (String table : ATTEMPT_TABLES) {
            delete(conf, runFolder(table, runId, featureModel) + "/" + RunCommit.ATTEMPT + "=" + attempt);
        }
    }

    /** Deletes one file or folder; a missing one is fine (a cleanup may run twice). */
    static void delete(Configuration conf, String uri) {
        for (FileStatus m : glob(conf, uri)) {
            try {
                LOG.info("Deleting {}", m.getPath());
                m.getPath().getFileSystem(conf).delete(m.getPath(), true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + m.getPath(), e);
            }
        }
    }

    private String runFolder(String table, String runId, String featureModel) {
        String tableRoot = out + "/" + table + (table.equals("scores") ? "/run_date=*" : "");
        return tableRoot + "/feature_model=" + escape(featureModel) + "/run_id=" + escape(runId);
    }

    /** A partition value as Spark writes it in a folder name. */
    private static String escape(String value) {
        return org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils.escapePathName(value);
    }

    private static FileStatus[] glob(Configuration conf, String pattern) {
        try {
            Path p = new Path(pattern);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] found = fs.globStatus(p);
            return found == null ? new FileStatus[0] : found;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + pattern, e);
        }
    }
}
