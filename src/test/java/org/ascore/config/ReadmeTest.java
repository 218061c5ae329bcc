package org.ascore.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the README's key table and the code's keys in step. */
class ReadmeTest {
    @Test
    void everyConfigKeyIsDocumented() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        for (JobConfig.Key k : JobConfig.Key.values()) {
            String name = k.key().substring("ascore.".length());
            assertTrue(readme.contains("| `" + name + "` |"), "README.md lacks a row for " + k.key());
        }
    }
}
