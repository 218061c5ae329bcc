package org.ascore.pipeline;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many intra-op threads libtorch gets in an executor JVM ({@code ascore.torch-threads}). 0, the
 * default, means the executor's cores: the JVM holds one model whose forwards are serialized
 * (ModelRegistry), so one forward at a time may use every core Spark gave the executor, while
 * libtorch's own default, all cores of the host, would oversubscribe a host shared by several
 * executors. Not {@code spark.task.cpus}: with the usual one core per task the forward would run
 * on one thread while the other task slots wait for the model.
 */
public final class TorchThreads {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,.*]");

    private TorchThreads() {
    }

    /** Resolves the setting in this executor JVM, from the application's Spark conf. */
    public static int forThisExecutor(int configured) {
        if (configured > 0) {
            return configured;
        }
        SparkEnv env = SparkEnv.get();
        SparkConf conf = env == null ? new SparkConf() : env.conf();
        return resolve(configured, conf.get("spark.master", "local[*]"), conf.get("spark.executor.cores", null),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The threads for {@code ascore.torch-threads = configured}.
     *
     * @param master        {@code spark.master}
     * @param executorCores {@code spark.executor.cores}, or null when not set
     * @param hostCores     the cores this JVM sees
     * @return {@code configured} when positive; else the executor's cores: N of local[N] (the host's
     *         for local[*]), c of local-cluster[n,c,m], else {@code spark.executor.cores}, else what
     *         the cluster manager gives when it is unset (all of a standalone worker's cores, one on
     *         YARN and Kubernetes); never more than the host's cores, at least one
     */
    public static int resolve(int configured, String master, String executorCores, int hostCores) {
        if (configured > 0) {
            return configured;
        }
        String m = master.trim();
        int cores;
        Matcher local = LOCAL.matcher(m);
        Matcher localCluster = LOCAL_CLUSTER.matcher(m);
        if (local.matches()) {
            String n = local.group(1);
            cores = n == null ? 1 : n.equals("*") ? hostCores : Integer.parseInt(n);
        } else if (localCluster.matches()) {
            cores = Integer.parseInt(localCluster.group(1));
        } else if (executorCores != null && !executorCores.isBlank()) {
            cores = Integer.parseInt(executorCores.trim());
        } else {
            cores = m.startsWith("spark://") ? hostCores : 1;
        }
        return Math.max(1, Math.min(cores, hostCores));
    }
}
