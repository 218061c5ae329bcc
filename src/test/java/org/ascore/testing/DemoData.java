package org.ascore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Copies a few of the bundled demo images into a test folder. */
public final class DemoData {
    public static final Path DEMO = Path.of("src", "demo");
    public static final Path CARD = Path.of("conf", "models", "fmnist-cnn.conf");

    private DemoData() {
    }

    /** Copies the first {@code n} PNG files (by name) of a demo folder into {@code target}. */
    public static List<Path> copy(String demoFolder, int n, Path target) {
        try (Stream<Path> files = Files.list(DEMO.resolve(demoFolder))) {
            Files.createDirectories(target);
            List<Path> chosen = files.filter(p -> p.toString().endsWith(".png")).sorted().limit(n).toList();
            for (Path p : chosen) {
                Files.copy(p, target.resolve(p.getFileName()));
            }
            return chosen;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
