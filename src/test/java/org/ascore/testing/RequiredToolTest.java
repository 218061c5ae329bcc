package org.ascore.testing;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequiredToolTest {
    private static final String ENABLE = "apt-get install -y chromium";

    @Test
    void aMissingToolSkipsOutsideCiAndSaysHowToEnableIt() {
        for (Map<String, String> env : java.util.List.of(Map.<String, String>of(), Map.of("CI", "false"))) {
            TestAbortedException e = assertThrows(TestAbortedException.class,
                    () -> RequiredTool.require(env, "headless Chromium", false, "no /usr/bin/chromium", ENABLE));
            assertTrue(e.getMessage().contains("headless Chromium") && e.getMessage().contains(ENABLE)
                    && e.getMessage().contains("no /usr/bin/chromium"), e.getMessage());
        }
    }

    @Test
    void aMissingToolFailsUnderCi() {
        for (String ci : new String[] {"true", "TRUE", " true "}) {
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> RequiredTool.require(Map.of("CI", ci), "python3 with torch", false, null, "pip install torch"));
            assertTrue(e.getMessage().contains("python3 with torch") && e.getMessage().contains("CI=true"),
                    e.getMessage());
        }
    }

    @Test
    void aPresentToolPassesEverywhere() {
        assertDoesNotThrow(() -> RequiredTool.require(Map.of("CI", "true"), "x", true, null, ENABLE));
        assertDoesNotThrow(() -> RequiredTool.require(Map.of(), "x", true, null, ENABLE));
    }

    @Test
    void aToolThatCannotWorkInCiSkipsWithTheReason() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> RequiredTool.skipUnless(false, "timm", "its torchvision wheels are CUDA builds"));
        assertTrue(e.getMessage().contains("timm") && e.getMessage().contains("CUDA builds"), e.getMessage());
        assertDoesNotThrow(() -> RequiredTool.skipUnless(true, "timm", "unused"));
    }
}
