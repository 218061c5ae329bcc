package org.ascore.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads (C, V) points from a CSV file whose header names the columns {@code c} and {@code v}, in any
 * order and among other columns. Values may be plain doubles or numpy's repr
 * {@code np.float64(0.123)}, which is what Python writes when it prints numpy scalars into a CSV.
 */
public final class PointsCsv {

    private static final String NUMPY_PREFIX = "np.float64(";
    private static final String NUMPY_SUFFIX = ")";
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** The two columns, of equal length. */
    public record Points(double[] c, double[] v) {
    }

    private PointsCsv() {
    }

    /**
     * @throws IllegalArgumentException naming the file, the line and the offending text when the header
     *                                  lacks a column or a row has a missing or non-finite value
     */
    public static Points read(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            String header;
            do {
                header = reader.readLine();
                lineNumber++;
            } while (header != null && header.isBlank());
            if (header == null) {
                throw new IllegalArgumentException(file + ": no header line, expected columns c and v");
            }
            String[] names = header.replace(String.valueOf(BYTE_ORDER_MARK), "").split(",", -1);
            int cColumn = columnIndex(names, "c", file, lineNumber, header);
            int vColumn = columnIndex(names, "v", file, lineNumber, header);
            int needed = Math.max(cColumn, vColumn) + 1;

            DoubleColumn c = new DoubleColumn();
            DoubleColumn v = new DoubleColumn();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length < needed) {
                    throw new IllegalArgumentException(file + ":" + lineNumber + ": expected at least " + needed
                            + " fields, found " + fields.length + ": '" + line + "'");
                }
                c.add(parse(fields[cColumn], file, lineNumber));
                v.add(parse(fields[vColumn], file, lineNumber));
            }
            return new Points(c.toArray(), v.toArray());
        }
    }

    private static int columnIndex(String[] names, String wanted, Path file, int lineNumber, String header) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].trim().equals(wanted)) {
                return i;
            }
        }
        throw new IllegalArgumentException(file + ":" + lineNumber + ": header has no column '" + wanted + "': '" + header + "'");
    }

    private static double parse(String field, Path file, int lineNumber) {
        String text = field.trim();
        if (text.startsWith(NUMPY_PREFIX) && text.endsWith(NUMPY_SUFFIX)) {
            text = text.substring(NUMPY_PREFIX.length(), text.length() - NUMPY_SUFFIX.length()).trim();
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": not a number: '" + field + "'", e);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": not a finite number: '" + field + "'");
        }
        return value;
    }

    /** Growable primitive column, so that millions of points are never boxed. */
    private static final class DoubleColumn {
        private double[] values = new double[1024];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
