package org.ascore.pipeline;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import scala.Tuple3;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The (C, V, AS-i) columns of a run's ok rows, per (split, source), as primitive arrays on the
 * driver, gathered in one Spark job. Each partition packs its rows into one binary value per
 * (split, source), so the driver receives a few arrays per partition instead of one boxed
 * {@link Row} per image, and the final arrays are allocated once at their exact size. Points keep
 * the order of the table (partition by partition), so sums over them, such as Pearson's r of the
 * p-value, are the same as when the rows are read one by one.
 */
public final class RunPoints {
    private static final String[] COLUMNS = {"split", "source", "complexity", "vulnerability", "as_i"};

    private final Map<List<String>, Points> sets;

    private RunPoints(Map<List<String>, Points> sets) {
        this.sets = sets;
    }

    /** @param ok rows with status ok, non-null complexity and vulnerability, any number of sets */
    public static RunPoints collect(Dataset<Row> ok) {
        List<Tuple3<String, String, byte[]>> parts = new ArrayList<>(ok.selectExpr(COLUMNS)
                .mapPartitions(new Pack(), Encoders.tuple(Encoders.STRING(), Encoders.STRING(), Encoders.BINARY()))
                .collectAsList());
        Map<List<String>, Integer> sizes = new LinkedHashMap<>();
        for (Tuple3<String, String, byte[]> part : parts) {
            sizes.merge(List.of(part._1(), part._2()), part._3().length / (3 * Double.BYTES), Integer::sum);
        }
        Map<List<String>, Points> sets = new LinkedHashMap<>();
        sizes.forEach((key, n) -> sets.put(key, new Points(new double[n], new double[n], new double[n])));
        Map<List<String>, Integer> filled = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            Tuple3<String, String, byte[]> part = parts.get(i);
            List<String> key = List.of(part._1(), part._2());
            Points into = sets.get(key);
            int at = filled.getOrDefault(key, 0);
            DoubleBuffer values = ByteBuffer.wrap(part._3()).asDoubleBuffer();
            int n = values.remaining() / 3;
            values.get(into.c, at, n).get(into.v, at, n).get(into.asIOrNaN, at, n);
            filled.put(key, at + n);
            parts.set(i, null); // the packed copy can go as soon as it is unpacked
        }
        return new RunPoints(sets);
    }

    /** The points of one set; empty when it has no ok row. */
    public Points get(String split, String source) {
        return sets.getOrDefault(List.of(split, source), new Points(new double[0], new double[0], new double[0]));
    }

    /**
     * One set's columns; {@code asIOrNaN} holds NaN where AS-i is null (C = 0).
     */
    public record Points(double[] c, double[] v, double[] asIOrNaN) {
        public int size() {
            return c.length;
        }

        /** The defined AS-i values. */
        public double[] asI() {
            return Arrays.stream(asIOrNaN).filter(a -> !Double.isNaN(a)).toArray();
        }
    }

    /** Packs one partition: per (split, source) a buffer of n values of C, then V, then AS-i. */
    private static final class Pack implements MapPartitionsFunction<Row, Tuple3<String, String, byte[]>> {
        @Override
        public Iterator<Tuple3<String, String, byte[]>> call(Iterator<Row> rows) {
            Map<List<String>, Columns> bySet = new LinkedHashMap<>();
            while (rows.hasNext()) {
                Row r = rows.next();
                bySet.computeIfAbsent(List.of(r.getString(0), r.getString(1)), k -> new Columns())
                        .add(r.getDouble(2), r.getDouble(3), r.isNullAt(4) ? Double.NaN : r.getDouble(4));
            }
            List<Tuple3<String, String, byte[]>> out = new ArrayList<>(bySet.size());
            bySet.forEach((key, cols) -> out.add(new Tuple3<>(key.get(0), key.get(1), cols.pack())));
            return out.iterator();
        }
    }

    /** Growable primitive columns of one set within a partition. */
    private static final class Columns {
        private double[] c = new double[256];
        private double[] v = new double[256];
        private double[] a = new double[256];
        private int n;

        void add(double ci, double vi, double ai) {
            if (n == c.length) {
                c = Arrays.copyOf(c, 2 * n);
                v = Arrays.copyOf(v, 2 * n);
                a = Arrays.copyOf(a, 2 * n);
            }
            c[n] = ci;
            v[n] = vi;
            a[n] = ai;
            n++;
        }

        byte[] pack() {
            ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(3 * Double.BYTES, n));
            bytes.asDoubleBuffer().put(c, 0, n).put(v, 0, n).put(a, 0, n);
            return bytes.array();
        }
    }
}
