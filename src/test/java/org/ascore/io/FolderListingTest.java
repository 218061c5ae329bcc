package org.ascore.io;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Folder listing on the local file system, without Spark. */
class FolderListingTest {
    static final NameGlob DEFAULT = new NameGlob("*.{png,jpg,jpeg,webp,tif,tiff,bmp,gif}");

    @TempDir
    Path tmp;

    @Test
    void globIsCaseInsensitiveAndSkippedFilesAreCountedWithExamples() throws IOException {
        Path root = tmp.resolve("in");
        for (String name : List.of("a.PNG", "b.JpG", "c.webp", "d.TIFF", "e.bmp", "f.gif", "sub/g.jpeg", "notes.txt",
                "sub/h.npz", ".DS_Store", "._a.png", ".cache/i.png")) {
            Files.createDirectories(root.resolve(name).getParent());
            Files.writeString(root.resolve(name), "x");
        }
        FolderListing.Result r = FolderListing.list(root.toString(), new Configuration(), DEFAULT);
        assertEquals(Set.of("a.PNG", "b.JpG", "c.webp", "d.TIFF", "e.bmp", "f.gif", "g.jpeg"),
                r.files().stream().map(f -> f.path().substring(f.path().lastIndexOf('/') + 1)).collect(Collectors.toSet()));
        assertEquals(2, r.skipped().unmatched());
        assertEquals(Set.of("notes.txt", "sub/h.npz"), Set.copyOf(r.skipped().unmatchedExamples()));
        assertEquals(3, r.skipped().hidden());
        assertTrue(r.skipped().describe().startsWith("skipped 2 files not matching the glob"), r.skipped().describe());
        r.files().forEach(f -> assertEquals(1, f.length()));
    }

    @Test
    void aRootThatExistsIsLiteralAndOneThatDoesNotIsAGlob() throws IOException {
        Path literal = Files.createDirectories(tmp.resolve("run[1]"));
        Files.writeString(literal.resolve("x.png"), "x");
        Path other = Files.createDirectories(tmp.resolve("run1"));
        Files.writeString(other.resolve("y.png"), "y");
        Configuration conf = new Configuration();
        // "run[1]" exists: only its own file, although as a glob it would name run1.
        assertEquals(List.of("file:" + literal.resolve("x.png")),
                FolderListing.list(literal.toString(), conf, DEFAULT).files().stream().map(FolderListing.Entry::path).toList());
        // "run?" exists nowhere: a glob over run1 (and "run[1]" is 6 characters, no match).
        assertEquals(List.of("file:" + other.resolve("y.png")),
                FolderListing.list(tmp.resolve("run?").toString(), conf, DEFAULT).files().stream()
                        .map(FolderListing.Entry::path).toList());
        assertTrue(FolderListing.resolve(tmp.resolve("nothing*").toString(), conf).isEmpty());
    }
}
