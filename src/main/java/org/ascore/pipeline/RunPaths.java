package org.ascore.pipeline;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Where a run's rows live. Every table is partitioned by run_id (scores also by run_date and
 * feature_model first, as DESIGN.md §3 asks), so replacing a run means deleting its own partition
 * folders and appending anew: no overwrite tricks, which some object-store committers get wrong
 * (NOTES-djl.md §9).
 */
public final class RunPaths {
    private static final Logger LOG = LoggerFactory.getLogger(RunPaths.class);

    private final String out;

    public RunPaths(String out) {
        this.out = out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
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

    /** Deletes every partition folder of this run and feature model, in all four tables. */
    public void deleteRun(Configuration conf, String runId, String featureModel) {
        delete(conf, scores() + "/run_date=*/feature_model=" + featureModel + "/run_id=" + runId);
        delete(conf, summary() + "/feature_model=" + featureModel + "/run_id=" + runId);
        delete(conf, rankings() + "/feature_model=" + featureModel + "/run_id=" + runId);
        delete(conf, comparisons() + "/feature_model=" + featureModel + "/run_id=" + runId);
    }

    /** Deletes the summary, rankings and comparisons of this run, which are written last and together. */
    public void deleteAggregates(Configuration conf, String runId, String featureModel) {
        delete(conf, summary() + "/feature_model=" + featureModel + "/run_id=" + runId);
        delete(conf, rankings() + "/feature_model=" + featureModel + "/run_id=" + runId);
        delete(conf, comparisons() + "/feature_model=" + featureModel + "/run_id=" + runId);
    }

    private static void delete(Configuration conf, String glob) {
        try {
            Path pattern = new Path(glob);
            FileSystem fs = pattern.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null) {
                return;
            }
            for (FileStatus m : matches) {
                LOG.info("Replacing earlier rows of this run: deleting {}", m.getPath());
                fs.delete(m.getPath(), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + glob, e);
        }
    }
}
