package org.ascore.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** How the commands start Spark when spark-submit did not. */
final class Sessions {
    private Sessions() {
    }

    /**
     * The session a command runs in: one that already exists (a notebook, an embedding application,
     * tests) belongs to its owner and is left running; otherwise a new one, stopped on close.
     */
    record Handle(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    static Handle open(SparkConf conf, String master, String appName) {
        boolean exists = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
        return exists ? new Handle(SparkSession.active(), false) : new Handle(start(conf, master, appName), true);
    }

    /**
     * @param conf   Spark settings (spark-submit's arrive as system properties, which SparkConf reads)
     * @param master {@code --master}, or null
     */
    private static SparkSession start(SparkConf conf, String master, String appName) {
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local") && !conf.contains("spark.ui.enabled")) {
            conf.set("spark.ui.enabled", "false");
        }
        conf.setIfMissing("spark.app.name", appName);
        // Spark 4 runs SQL tasks in the session's own artifact set, which leaves out the model file
        // the job ships with SparkContext.addFile.
        conf.setIfMissing("spark.sql.artifact.isolation.enabled", "false");
        // Credentials and keys of object stores never belong in logs or the UI.
        conf.setIfMissing("spark.redaction.regex", "(?i)secret|password|token|access[.]key|credential");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
