package org.ascore.testing;

import org.ascore.config.JobConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Job settings for tests: the demo model with short complexity paths and attacks, for speed. */
public final class TestJobs {
    private TestJobs() {
    }

    /**
     * @param generated {@code label=URI} pairs, comma-separated
     * @return mutable {@code ascore.*} settings; add to them, then {@link #config}
     */
    public static Map<String, String> fast(String real, String generated, Path out, String runId) {
        Map<String, String> cli = new HashMap<>();
        cli.put("ascore.real", real);
        cli.put("ascore.generated", generated);
        cli.put("ascore.model", DemoData.CARD.toString());
        cli.put("ascore.out", out.toString());
        cli.put("ascore.run-id", runId);
        cli.put("ascore.complexity.steps", "3");
        cli.put("ascore.vulnerability.steps", "2");
        return cli;
    }

    public static JobConfig config(Map<String, String> settings) {
        return JobConfig.resolve(null, Map.of(), settings);
    }
}
