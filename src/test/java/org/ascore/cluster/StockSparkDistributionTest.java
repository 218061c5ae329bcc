package org.ascore.cluster;

import org.ascore.testing.RequiredTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution on a stock Apache Spark 4 layout: builds {@code target/ascore-*-bin.tar.gz} with
 * the cluster profile in a copy of the project (so the build never rewrites the classes this test
 * JVM runs from), then runs {@code src/test/dist/stock-spark-nightly.sh}, which unpacks it next to a
 * SPARK_HOME whose jars/ are Spark's classpath without spark-hadoop-cloud, hadoop-aws and the AWS
 * SDK, and runs the distribution's nightly.sh through spark-submit with a {@code mvn} on the path
 * that fails if called. Needs the {@code mvn} that runs this build (surefire passes its home).
 */
@Tag("cluster")
class StockSparkDistributionTest {
    private static final Logger LOG = LoggerFactory.getLogger(StockSparkDistributionTest.class);
    /** Top-level entries a build of the copy needs; target/ and the VCS folder are left behind. */
    private static final Set<String> SKIPPED = Set.of("target", ".git");

    @Test
    void nightlyRunsFromTheDistributionOnStockSpark(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path tmp) throws Exception {
        Path mvn = maven();
        Path copy = tmp.resolve("project");
        copyProject(Paths.get("").toAbsolutePath(), copy);

        List<String> common = new ArrayList<>(List.of(mvn.toString(), "-B", "-q"));
        String repo = System.getProperty("ascore.maven.repo", "");
        if (!repo.isBlank() && !repo.startsWith("${")) {
            common.add("-Dmaven.repo.local=" + repo);
        }
        List<String> packageCmd = new ArrayList<>(common);
        packageCmd.addAll(List.of("-Pcluster", "-DskipTests", "package"));
        run(packageCmd, copy, tmp.resolve("package.log"));

        Path cp = tmp.resolve("classpath.txt");
        List<String> cpCmd = new ArrayList<>(common);
        cpCmd.addAll(List.of("dependency:build-classpath", "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + cp));
        run(cpCmd, copy, tmp.resolve("classpath.log"));

        Path log = tmp.resolve("stock.log");
        run(List.of("/bin/bash", copy.resolve("src/test/dist/stock-spark-nightly.sh").toString(), cp.toString(),
                tmp.resolve("work").toString()), copy, log);
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(out.contains("stock-spark-nightly: OK"), () -> "no OK line:\n" + out);
    }

    /** The mvn of the build running this test: surefire passes maven.home; PATH is the fallback. */
    private static Path maven() {
        String home = System.getProperty("ascore.maven.home", "");
        if (!home.isBlank() && !home.startsWith("${") && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn");
        }
        Path onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "mvn")).filter(Files::isExecutable).findFirst().orElse(null);
        RequiredTool.require("Maven (mvn)", onPath != null, "neither maven.home nor PATH has it",
                "run the tests through mvn, as README says");
        return onPath;
    }

    private static void copyProject(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path rel = from.relativize(p);
                if (rel.getNameCount() > 0 && SKIPPED.contains(rel.getName(0).toString())) {
                    continue;
                }
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void run(List<String> cmd, Path dir, Path log) throws Exception {
        LOG.info("Running {} (log {})", String.join(" ", cmd), log);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " ran past 15 minutes; log " + log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed:\n"
                + out.substring(Math.max(0, out.length() - 6000)));
    }
}
