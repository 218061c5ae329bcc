package org.ascore;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every project file that a shell block of README.md or docs/*.md names exists, so a command
 * copied from the documentation does not fail on a missing script, card or folder.
 */
class DocsCommandsTest {
    private static final Pattern BLOCK = Pattern.compile("```(?:bash|sh|shell)?\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PROJECT_PATH =
            Pattern.compile("(?<![\\w/.:-])((?:submit|conf|src|notebooks|docs)/[\\w./-]+)");
    /** Written by submit/export_model.py, which the documentation runs first. */
    private static final Set<String> MADE_BY_EXPORT = Set.of("conf/models/vit_s16.conf",
            "conf/models/convnext_t.conf", "conf/models/dinov2_s14.conf");

    static List<String> namedPaths(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher block = BLOCK.matcher(markdown);
        while (block.find()) {
            Matcher path = PROJECT_PATH.matcher(block.group(1));
            while (path.find()) {
                out.add(path.group(1).replaceAll("[.,]+$", ""));
            }
        }
        return out;
    }

    @Test
    void findsThePathsOfAShellBlock() {
        assertEquals(List.of("submit/demo.sh", "conf/models/x.conf"),
                namedPaths("text submit/nope.sh\n```bash\nsubmit/demo.sh --model conf/models/x.conf.\n```\n"));
    }

    @Test
    void everyFileNamedInACommandExists() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> missing = new ArrayList<>();
        int named = 0;
        for (Path doc : docs) {
            for (String p : namedPaths(Files.readString(doc))) {
                named++;
                if (!MADE_BY_EXPORT.contains(p) && !Files.exists(Path.of(p))) {
                    missing.add(doc + ": " + p);
                }
            }
        }
        assertTrue(named > 10, "found only " + named + " paths in the documentation's shell blocks");
        assertTrue(missing.isEmpty(), "commands name files that do not exist: " + missing);
    }
}
