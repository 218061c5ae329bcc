package org.ascore.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** How the commands start Spark when spark-submit did not. */
final class Sessions {
    private Sessions() {
    }

    /**
     * @param conf   Spark settings (spark-submit's arrive as system properties, which SparkConf reads)
     * @param master {@code --master}, or null
     */
    static SparkSession start(SparkConf conf, String master, String appName) {
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
