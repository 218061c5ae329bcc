package org.ascore;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clone of the project must build, test and read on its own: no file may point at a folder beside
 * the checkout or at the machine it was written on, nor cite documents that are not in it.
 */
class RepositoryStandsAloneTest {
    /** Paths outside the repository, and documents that lived beside it. */
    static final Pattern OUTSIDE = Pattern.compile(
            "\\.\\./shared\\b|/work/|\\b(?:SPEC|DESIGN|STYLE|NOTES-djl)\\.md\\b");
    private static final Path THIS_FILE = Path.of("src/test/java/org/ascore/RepositoryStandsAloneTest.java");

    @Test
    void noTrackedFileRefersOutsideTheRepository() throws Exception {
        List<Path> files = projectFiles();
        assertTrue(files.size() > 100, "found only " + files.size() + " files; is the working folder the project root?");
        List<String> offences = new ArrayList<>();
        for (Path file : files) {
            if (file.equals(THIS_FILE) || !Files.isRegularFile(file)) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(file);
            if (isBinary(bytes)) {
                continue;
            }
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = OUTSIDE.matcher(lines[i]);
                if (m.find()) {
                    offences.add(file + ":" + (i + 1) + ": " + m.group() + " in: " + lines[i].strip());
                }
            }
        }
        assertEquals(List.of(), offences, "files that refer outside the repository");
    }

    @Test
    void thePatternCatchesWhatItShould() {
        // Built from parts, so that this file does not itself hold the references it looks for.
        String up = "..";
        for (String bad : List.of("see " + up + "/shared/testdata/ks", "/work/shared/x", "(SPEC.md, \"AS\")",
                "NOTES-djl.md §5", "DESIGN.md §3")) {
            assertTrue(OUTSIDE.matcher(bad).find(), bad);
        }
        for (String fine : List.of("a shared machine", "docs/metric.md", "src/test/resources/ks", "network/work")) {
            assertTrue(!OUTSIDE.matcher(fine).find(), fine);
        }
    }

    /** The files git tracks, or every file below the root but build output when git is unavailable. */
    static List<Path> projectFiles() throws IOException, InterruptedException {
        if (Files.exists(Path.of(".git"))) {
            try {
                Process p = new ProcessBuilder("git", "ls-files", "-z").start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Arrays.stream(new String(out, StandardCharsets.UTF_8).split("\0"))
                            .filter(s -> !s.isEmpty()).map(Path::of).toList();
                }
            } catch (IOException e) {
                // no git on this machine: walk the tree instead
            }
        }
        try (Stream<Path> walk = Files.walk(Path.of("."))) {
            return walk.map(p -> Path.of(".").relativize(p))
                    .filter(p -> !p.startsWith("target") && !p.startsWith(".git"))
                    .toList();
        }
    }

    private static boolean isBinary(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }
}
