package org.ascore.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] SparkSession shared by the tests of a JVM (starting Spark costs seconds). A test
 * that needs its own SparkContext (only one may run per JVM) calls {@link #stop()} first; the next
 * {@link #get()} then starts a fresh local session.
 */
public final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    public static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                    .master("local[2,3]")
                    .appName("ascore-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }

    /** Stops the shared session, and any other active or default one, so another can start. */
    public static synchronized void stop() {
        if (session != null) {
            session.stop();
            session = null;
        }
        if (SparkSession.getActiveSession().isDefined()) {
            SparkSession.getActiveSession().get().stop();
        }
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }
}
