package org.ascore.stats;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FD against pytorch-fid's formula evaluated with scipy.linalg.sqrtm on committed features
 * (src/test/python/make_fd_reference.py), including singular covariances.
 */
class FrechetDistanceTest {
    private static final Path CASES = Path.of("src", "test", "resources", "fd");

    @ParameterizedTest
    @ValueSource(strings = {"full", "singular", "dead-units"})
    void matchesTheScipyReference(String name) throws IOException {
        List<float[]> a = read(CASES.resolve(name).resolve("a.csv"));
        List<float[]> b = read(CASES.resolve(name).resolve("b.csv"));
        String expected = Files.readString(CASES.resolve(name).resolve("expected.json"));
        double reference = Double.parseDouble(field(expected, "fd"));

        // The moments of a in two parts, merged, as partitions of the scores table are combined.
        FeatureMoments first = moments(a.subList(0, a.size() / 2), a.get(0).length);
        FeatureMoments ma = first.merge(moments(a.subList(a.size() / 2, a.size()), a.get(0).length));
        double fd = FrechetDistance.of(ma, moments(b, b.get(0).length));

        assertEquals(Integer.parseInt(field(expected, "n_a")), ma.count());
        assertTrue(Double.isFinite(fd));
        assertEquals(reference, fd, 1e-6 * reference, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"full", "singular", "dead-units"})
    void isZeroForASetAgainstItself(String name) throws IOException {
        List<float[]> a = read(CASES.resolve(name).resolve("a.csv"));
        FeatureMoments m = moments(a, a.get(0).length);
        double trace = 0;
        double[][] cov = m.covariance();
        for (int i = 0; i < cov.length; i++) {
            trace += cov[i][i];
        }
        double fd = FrechetDistance.of(m, moments(a, a.get(0).length));
        assertEquals(0, fd, 1e-9 * trace, name + ": FD " + fd + ", Tr Σ " + trace);
    }

    private static FeatureMoments moments(List<float[]> vectors, int dim) {
        FeatureMoments m = new FeatureMoments(dim);
        vectors.forEach(m::add);
        return m;
    }

    private static List<float[]> read(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().filter(line -> !line.isBlank()).map(line -> {
            String[] parts = line.split(",");
            float[] x = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                x[i] = Float.parseFloat(parts[i]);
            }
            return x;
        }).toList();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*([^,}\\s]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }
}
