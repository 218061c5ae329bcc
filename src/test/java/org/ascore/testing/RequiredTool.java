package org.ascore.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.util.Map;

/**
 * What a test does when an outside program it drives (Chromium, python3 with torch) is missing: on a
 * developer's machine it is skipped, with a message saying how to enable it; under {@code CI=true}
 * (what .ci/run runs with) it fails, because CI installs every tool and a skip there would hide a
 * broken install step.
 */
public final class RequiredTool {
    /** The environment variable CI services set; .ci/run is run with CI=true. */
    public static final String CI_VARIABLE = "CI";

    private RequiredTool() {
    }

    /**
     * Returns when the tool is present; otherwise skips the calling test, or fails it under CI=true.
     *
     * @param tool   what is missing, as a person would name it ("headless Chromium")
     * @param found  whether it is usable
     * @param detail why it is not (the failed probe's output), or null
     * @param enable how to make it available, e.g. "apt-get install -y chromium (.ci/run does)"
     */
    public static void require(String tool, boolean found, String detail, String enable) {
        require(System.getenv(), tool, found, detail, enable);
    }

    static void require(Map<String, String> env, String tool, boolean found, String detail, String enable) {
        if (found) {
            return;
        }
        String missing = tool + " is missing" + (detail == null ? "" : " (" + detail + ")") + "; to enable this test: "
                + enable;
        if (inCi(env)) {
            Assertions.fail(missing + ". " + CI_VARIABLE + "=true, so this tool is required.");
        }
        Assumptions.abort(missing + ". Skipped; with " + CI_VARIABLE + "=true it would fail instead.");
    }

    /**
     * Skips the calling test, even under CI=true, when a tool is missing that cannot work on the CI
     * machines; {@code why} says exactly why it is not required there.
     */
    public static void skipUnless(boolean found, String tool, String why) {
        Assumptions.assumeTrue(found, () -> tool + " is not usable, so this test is skipped (also under "
                + CI_VARIABLE + "=true): " + why);
    }

    static boolean inCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault(CI_VARIABLE, "").trim());
    }
}
