package org.ascore.cluster;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spark-submit commands the launchers build (ASCORE_DRY_RUN=1), for local, standalone, YARN
 * and Kubernetes. The scripts run from an unpacked distribution's layout (ascore-VERSION.jar,
 * lib/, conf/, submit/) with a SPARK_HOME whose conf/spark-defaults.conf holds the cluster's own
 * settings, which the launchers must extend, never replace.
 */
class SubmitScriptsDryRunTest {
    private static final String OURS_REDACTION = "(?i)secret|password|token|access[.]key|credential";

    @TempDir
    Path tmp;
    private Path dist;
    private Path sparkHome;

    @BeforeEach
    void layOut() throws IOException {
        dist = tmp.resolve("ascore-0.1.0");
        Path submit = Files.createDirectories(dist.resolve("submit"));
        try (Stream<Path> scripts = Files.list(Path.of("submit"))) {
            for (Path s : scripts.toList()) {
                Files.copy(s, submit.resolve(s.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path defaults = Files.createDirectories(dist.resolve("conf").resolve("spark-defaults"));
        for (String f : List.of("local.conf", "cluster-cpu.conf", "cluster-gpu.conf")) {
            Files.copy(Path.of("conf", "spark-defaults", f), defaults.resolve(f));
        }
        Files.createDirectories(dist.resolve("conf").resolve("models"));
        Files.writeString(dist.resolve("conf").resolve("models").resolve("m.conf"), "file = \"hdfs:///models/m.pt\"\n");
        Files.writeString(dist.resolve("ascore-0.1.0.jar"), "");
        Path lib = Files.createDirectories(dist.resolve("lib"));
        Files.writeString(lib.resolve("picocli-4.7.6.jar"), "");
        Files.writeString(lib.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"), "");
        Path cloud = Files.createDirectories(lib.resolve("cloud"));
        Files.writeString(cloud.resolve("hadoop-aws-3.4.1.jar"), "");
        Files.writeString(cloud.resolve("spark-hadoop-cloud_2.13-4.0.1.jar"), "");

        sparkHome = tmp.resolve("spark");
        Path bin = Files.createDirectories(sparkHome.resolve("bin"));
        Files.writeString(bin.resolve("spark-submit"), "#!/bin/sh\necho must not run in a dry run >&2\nexit 99\n");
        Files.setPosixFilePermissions(bin.resolve("spark-submit"), PosixFilePermissions.fromString("rwxr-xr-x"));
        // This Spark has S3A but not the S3A committers (spark-hadoop-cloud), like some Hadoop-bundled ones.
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("jars").resolve("hadoop-aws-3.3.6.jar"), "");
        Files.createDirectories(sparkHome.resolve("conf"));
        Files.writeString(sparkHome.resolve("conf").resolve("spark-defaults.conf"), String.join("\n",
                "spark.executor.extraJavaOptions   -Dcluster.site=1 -XX:+UseG1GC",
                "spark.driver.extraJavaOptions=-Dcluster.driver=1",
                "spark.redaction.regex  (?i)corp[.]pin",
                ""));
    }

    @Test
    void localExtendsTheClustersSettingsAndKeepsArgumentsWhole() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ASCORE_SUBMIT_ARGS", "--conf\nspark.driver.extraClassPath=/opt/a dir/x.jar\n");
        env.put("ASCORE_EXECUTOR_JAVA_OPTS", "-Dmine=1");
        List<String> cmd = dryRun("local.sh", env, "--real", "r", "--run-id", "r1", "--out", "o");
        assertEquals(sparkHome.resolve("bin").resolve("spark-submit").toString(), cmd.get(0));
        assertEquals("local[*]", after(cmd, "--master"));
        assertEquals("ascore-r1", after(cmd, "--name"));
        assertEquals(dist.resolve("conf/spark-defaults/local.conf").toString(), after(cmd, "--properties-file"));
        assertTrue(cmd.contains("--load-spark-defaults"));
        List<String> confs = confs(cmd);
        assertTrue(confs.contains("spark.executor.extraJavaOptions=-Dcluster.site=1 -XX:+UseG1GC -Dai.djl.offline=true -Dmine=1"),
                confs.toString());
        assertTrue(confs.stream().anyMatch(c -> c.startsWith("spark.driver.extraJavaOptions=-Dcluster.driver=1 "
                + "-Dai.djl.offline=true")), confs.toString());
        // Redaction only widens: the shipped file's pattern and the cluster's, both kept.
        assertTrue(confs.contains("spark.redaction.regex=" + OURS_REDACTION + "|(?i)corp[.]pin"), confs.toString());
        assertTrue(confs.contains("spark.executorEnv.DJL_CACHE_DIR=./djl-cache"), confs.toString());
        assertTrue(confs.contains("spark.driver.extraClassPath=/opt/a dir/x.jar"), confs.toString());
        assertEquals(dist.resolve("lib/picocli-4.7.6.jar") + "," + dist.resolve("lib/pytorch-native-cpu-2.7.1-linux-x86_64.jar")
                + "," + dist.resolve("lib/cloud/spark-hadoop-cloud_2.13-4.0.1.jar"), after(cmd, "--jars"),
                "lib/cloud/ jars only where SPARK_HOME/jars lacks them");
        assertEquals(List.of(dist.resolve("ascore-0.1.0.jar").toString(), "score", "--real", "r", "--run-id", "r1",
                "--out", "o"), cmd.subList(cmd.size() - 8, cmd.size()));
    }

    @Test
    void thePropertiesFilePassedWinsOverTheClusterDefaults() throws Exception {
        Path mine = tmp.resolve("mine.conf");
        Files.writeString(mine, "spark.executor.extraJavaOptions -Dfrom.file=1\nspark.redaction.regex "
                + OURS_REDACTION + "\n");
        List<String> cmd = dryRun("local.sh", Map.of("ASCORE_SPARK_DEFAULTS", mine.toString()), "--out", "o");
        List<String> confs = confs(cmd);
        assertTrue(confs.contains("spark.executor.extraJavaOptions=-Dfrom.file=1 -Dai.djl.offline=true"), confs.toString());
        assertTrue(confs.contains("spark.redaction.regex=" + OURS_REDACTION + "|(?i)corp[.]pin"), confs.toString());
        assertEquals("ascore-score", after(cmd, "--name"));
    }

    @Test
    void standaloneGpuFromASharedLibWithoutTheCpuNatives() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_MASTER_URL", "spark://m:7077");
        env.put("ASCORE_SPARK_DEFAULTS", dist.resolve("conf/spark-defaults/cluster-gpu.conf").toString());
        env.put("ASCORE_LIB_URI", "hdfs:///apps/ascore/lib/");
        List<String> cmd = dryRun("standalone.sh", env, "--run-id", "n1");
        assertEquals("spark://m:7077", after(cmd, "--master"));
        assertEquals("client", after(cmd, "--deploy-mode"));
        assertEquals("hdfs:///apps/ascore/lib/picocli-4.7.6.jar,hdfs:///apps/ascore/lib/spark-hadoop-cloud_2.13-4.0.1.jar",
                after(cmd, "--jars"));
        assertTrue(confs(cmd).contains("spark.executor.resource.gpu.discoveryScript="
                + dist.resolve("submit/gpu-discovery.sh")), confs(cmd).toString());
    }

    @Test
    void standaloneCpuShipsTheCpuNativesAndNoDiscoveryScript() throws Exception {
        List<String> cmd = dryRun("standalone.sh", Map.of("SPARK_MASTER_URL", "spark://m:7077"));
        assertTrue(after(cmd, "--jars").contains("pytorch-native-cpu-2.7.1-linux-x86_64.jar"));
        assertTrue(confs(cmd).stream().noneMatch(c -> c.contains("discoveryScript")), confs(cmd).toString());
    }

    @Test
    void yarnClusterModeShipsTheCardAndTheDiscoveryScript() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HADOOP_CONF_DIR", tmp.toString());
        env.put("ASCORE_SPARK_DEFAULTS", dist.resolve("conf/spark-defaults/cluster-gpu.conf").toString());
        List<String> cmd = dryRun("yarn.sh", env, "--model", dist.resolve("conf/models/m.conf").toString(),
                "--run-id", "y1");
        assertEquals("yarn", after(cmd, "--master"));
        assertEquals("cluster", after(cmd, "--deploy-mode"));
        assertEquals("ascore-y1", after(cmd, "--name"));
        assertEquals(dist.resolve("submit/gpu-discovery.sh") + "," + dist.resolve("conf/models/m.conf"),
                after(cmd, "--files"));
        List<String> confs = confs(cmd);
        assertTrue(confs.contains("spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh"), confs.toString());
        assertTrue(confs.contains("spark.yarn.appMasterEnv.DJL_CACHE_DIR=./djl-cache"), confs.toString());
        assertTrue(confs.contains("spark.executorEnv.DJL_CACHE_DIR=./djl-cache"), confs.toString());
        assertEquals(List.of("score", "--model", "m.conf", "--run-id", "y1"), cmd.subList(cmd.size() - 5, cmd.size()));
    }

    @Test
    void kubernetesUsesTheImagesPaths() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("K8S_MASTER", "k8s://https://api:6443");
        env.put("K8S_NAMESPACE", "ml");
        env.put("ASCORE_IMAGE", "reg/ascore:0.1.0");
        env.put("ASCORE_SPARK_DEFAULTS", dist.resolve("conf/spark-defaults/cluster-gpu.conf").toString());
        env.put("K8S_EXECUTOR_POD_TEMPLATE", "conf/k8s/gpu-executor-pod.yaml");
        List<String> cmd = dryRun("k8s.sh", env, "--model", "/opt/ascore/conf/models/m.conf", "--run-id", "k1");
        assertEquals("ascore-k1", after(cmd, "--name"));
        assertEquals("local:///opt/ascore/lib/picocli-4.7.6.jar", after(cmd, "--jars"));
        assertTrue(cmd.contains("local:///opt/ascore/ascore-0.1.0.jar"), cmd.toString());
        List<String> confs = confs(cmd);
        assertTrue(confs.contains("spark.executor.resource.gpu.discoveryScript=/opt/ascore/submit/gpu-discovery.sh"),
                confs.toString());
        assertTrue(confs.contains("spark.executorEnv.DJL_CACHE_DIR=/tmp/djl"), confs.toString());
        assertTrue(confs.contains("spark.kubernetes.container.image=reg/ascore:0.1.0"), confs.toString());
        assertTrue(confs.contains("spark.kubernetes.executor.podTemplateFile=conf/k8s/gpu-executor-pod.yaml"),
                confs.toString());
        // The image the Dockerfile builds has what the command names: ascore under /opt/ascore, the
        // cloud jars in Spark's jars/ (so k8s.sh ships none), DJL's cache where the command says.
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("FROM ${SPARK_IMAGE}") && dockerfile.contains(
                "ARG SPARK_IMAGE=apache/spark:4.0.1-scala2.13-java17-ubuntu"), "Dockerfile base image");
        assertTrue(dockerfile.contains("RUN mv /opt/ascore-${ASCORE_VERSION} /opt/ascore"), "Dockerfile: /opt/ascore");
        assertTrue(dockerfile.contains("cp /opt/ascore/lib/cloud/*.jar /opt/spark/jars/"), "Dockerfile: cloud jars");
        assertTrue(dockerfile.contains("DJL_CACHE_DIR=/tmp/djl"), "Dockerfile: DJL cache");
        assertFalse(after(cmd, "--jars").contains("cloud"), after(cmd, "--jars"));
        assertTrue(Files.readString(Path.of("conf/k8s/gpu-executor-pod.yaml")).contains("tolerations:"));
    }

    @Test
    void nightlyTakesOneItemPerLineForEveryList() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("ASCORE_LAUNCHER", "local");
        env.put("ASCORE_REAL", "/data/real-a\n/data/real-b\n");
        env.put("ASCORE_GENERATED", "sg2=/g/sg2\n ddpm=/g/ddpm\n");
        env.put("ASCORE_MODEL", "conf/models/m.conf");
        env.put("ASCORE_OUT", "/out");
        env.put("ASCORE_FAIL_ON_REGRESSION", "1");
        Result r = run("nightly.sh", env, "--batch-size", "4");
        assertEquals(0, r.rc, r.out);
        List<String> lines = r.out.lines().toList();
        String day = lines.get(1).replaceAll(".* --run-id (nightly-\\d{8}) .*", "$1");
        assertEquals(List.of("ascore lock --out /out --name nightly-m --owner "),
                List.of(lines.get(0).substring(0, lines.get(0).indexOf("--owner ") + 8)), r.out);
        assertEquals("ascore summary --out /out --run-id " + day + " --regression-threshold 0.02 --fail-on-regression",
                lines.get(2));
        assertEquals("ascore: report of " + day + ": /out/reports/" + day + "/index.html", lines.get(3));
        assertEquals("ascore lock --out /out --name nightly-m --release", lines.get(4), "the lock is released");
        List<String> cmd = split(lines.get(1));
        int score = cmd.lastIndexOf("score");
        List<String> args = cmd.subList(score + 1, cmd.size());
        assertEquals(List.of("--model", "conf/models/m.conf", "--out", "/out", "--run-id"), args.subList(0, 5));
        assertTrue(args.get(5).matches("nightly-\\d{8}"), args.toString());
        assertEquals(List.of("--real", "/data/real-a", "--real", "/data/real-b", "--generated", "sg2=/g/sg2",
                "--generated", "ddpm=/g/ddpm", "--batch-size", "4"), args.subList(6, args.size()));
        assertTrue(after(cmd, "--name").startsWith("ascore-nightly-"));

        // Another nightly of the same model holds the lock: nothing is submitted, exit 5. bin/ascore of
        // the distribution is what nightly.sh runs for the lock; here it answers as a held lock does.
        Path bin = Files.createDirectories(dist.resolve("bin"));
        Files.writeString(bin.resolve("ascore"), "#!/bin/bash\n[[ $1 == lock ]] && { echo held >&2; exit 5; }\nexit 0\n");
        Files.setPosixFilePermissions(bin.resolve("ascore"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> live = new HashMap<>(env);
        live.put("ASCORE_DRY_RUN", "0");
        Result held = run("nightly.sh", live);
        assertEquals(5, held.rc, held.out);
        assertTrue(held.out.contains("not started: another nightly run of nightly-m holds /out/locks/nightly-m.lock"),
                held.out);
        assertFalse(held.out.contains("must not run"), held.out);

        env.put("ASCORE_GENERATED", "sg2=/g/sg2 ddpm=/g/ddpm");
        Result old = run("nightly.sh", env);
        assertEquals(2, old.rc, old.out);
        assertTrue(old.out.contains("one item per line"), old.out);
    }

    // ---------------------------------------------------------------- helpers

    private record Result(int rc, String out) {
    }

    private Result run(String script, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", dist.resolve("submit").resolve(script).toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("ASCORE_") || k.startsWith("SPARK_") || k.startsWith("K8S_")
                || k.startsWith("HADOOP_") || k.startsWith("YARN_"));
        e.put("SPARK_HOME", sparkHome.toString());
        e.put("ASCORE_DRY_RUN", "1");
        e.putAll(env);
        e.remove("ASCORE_DRY_RUN", "0");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), script + " did not finish");
        return new Result(p.exitValue(), out);
    }

    /** The printed command, split back into its arguments by bash itself. */
    private List<String> dryRun(String script, Map<String, String> env, String... args) throws Exception {
        Result r = run(script, env, args);
        assertEquals(0, r.rc, r.out);
        return split(r.out.strip());
    }

    private static List<String> split(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", "eval \"a=($1)\"; printf '%s\\0' \"${a[@]}\"",
                "split", command);
        Process p = pb.start();
        String split = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return Arrays.asList(split.split("\0"));
    }

    private static String after(List<String> cmd, String option) {
        int i = cmd.indexOf(option);
        assertTrue(i >= 0 && i + 1 < cmd.size(), option + " missing in " + cmd);
        return cmd.get(i + 1);
    }

    private static List<String> confs(List<String> cmd) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < cmd.size(); i++) {
            if (cmd.get(i).equals("--conf")) {
                out.add(cmd.get(i + 1));
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }
}
