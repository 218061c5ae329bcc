package org.ascore.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PointsCsvTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainDoubles() throws IOException {
        PointsCsv.Points points = read("c,v\n0.5,-1.25\n3,1e-3\n");
        assertArrayEquals(new double[] {0.5, 3}, points.c());
        assertArrayEquals(new double[] {-1.25, 1e-3}, points.v());
    }

    @Test
    void readsNumpyReprAndSkipsBlankLines() throws IOException {
        PointsCsv.Points points = read("c,v\nnp.float64(1.165553802822147),np.float64(0.11744277212388887)\n\n"
                + "np.float64(-2.0),np.float64(1e-07)\n");
        assertArrayEquals(new double[] {1.165553802822147, -2.0}, points.c());
        assertArrayEquals(new double[] {0.11744277212388887, 1e-07}, points.v());
    }

    @Test
    void takesColumnOrderFromHeaderAndIgnoresExtraColumns() throws IOException {
        PointsCsv.Points points = read("image_id, v ,extra,c\nimg-1,2.0,x,1.0\nimg-2,4.0,y,3.0\n");
        assertArrayEquals(new double[] {1.0, 3.0}, points.c());
        assertArrayEquals(new double[] {2.0, 4.0}, points.v());
    }

    @Test
    void badValueNamesFileLineAndText() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read("c,v\n1,2\n\n3,abc\n"));
        assertTrue(e.getMessage().contains("points.csv:4:"), e.getMessage());
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
    }

    @Test
    void rejectsNonFiniteShortRowsAndMissingColumns() {
        assertMessageContains("points.csv:2: not a finite number: 'NaN'", "c,v\nNaN,1\n");
        assertMessageContains("points.csv:2: not a number: 'nan'", "c,v\n1,nan\n");
        assertMessageContains("points.csv:3: not a finite number: 'np.float64(-Infinity)'", "c,v\n1,2\nnp.float64(-Infinity),1\n");
        assertMessageContains("points.csv:2: expected at least 2 fields, found 1: '5'", "c,v\n5\n");
        assertMessageContains("points.csv:1: header has no column 'v'", "c,w\n1,2\n");
        assertMessageContains("points.csv: no header line", "");
    }

    @Test
    void headerOnlyGivesNoPoints() throws IOException {
        assertEquals(0, read("c,v\n").c().length);
    }

    private void assertMessageContains(String expected, String content) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(content));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private PointsCsv.Points read(String content) throws IOException {
        Path file = dir.resolve("points.csv");
        Files.writeString(file, content);
        return PointsCsv.read(file);
    }
}
