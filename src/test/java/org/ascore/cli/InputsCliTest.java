package org.ascore.cli;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ascore.testing.DemoData;
import org.ascore.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each kind of input goes through {@code ascore score} as a generated source, and every image of
 * it is scored ok: file and folder names with the characters a Linux file system allows, the image
 * format corpus, WebDataset tar shards, Hugging Face Parquet and NumPy .npz sample archives.
 */
public class InputsCliTest {
    /** Characters that URI encoding, globbing or path parsing could trip over. */
    static final List<String> NAMES = List.of("sp ace.png", "per%cent.png", "per%20cent.png", "hash#tag.png",
            "what?.png", "br[ack]et.png", "br{ace}.png", "com,ma.png", "eq=ual.png", "amp&ersand.png",
            "pl+us.png", "apo'strophe.png", "quo\"te.png", "semi;colon.png", "dol$lar.png", "ast*erisk.png",
            "tab\there.png", "ñandú-日本.png", "co:lon.png", "back\\slash.png", "  leading.png", "UPPER.PNG",
            "MiXeD.JpEg");
    static final List<String> FOLDERS = List.of("we%20ird #[x]{y}", "ü:ber");

    @TempDir
    Path tmp;

    /** Writes the corpus under {@code root}: every name at the top and in every folder; returns the files. */
    public static List<Path> corpus(Path root) throws IOException {
        Path png = DemoData.copy("generated/pca-4", 1, root.resolveSibling("one")).get(0);
        byte[] jpeg = Files.readAllBytes(Path.of("src", "test", "resources", "formats", "mixed.JpG"));
        List<Path> files = new ArrayList<>();
        List<Path> dirs = new ArrayList<>(List.of(root));
        FOLDERS.forEach(f -> dirs.add(root.resolve(f)));
        for (Path dir : dirs) {
            Files.createDirectories(dir);
            for (String name : NAMES) {
                Path f = dir.resolve(name);
                if (name.endsWith(".JpEg")) {
                    Files.write(f, jpeg);
                } else {
                    Files.copy(png, f);
                }
                files.add(f);
            }
        }
        Files.writeString(root.resolve("notes.txt"), "not an image");
        Files.writeString(root.resolve(".DS_Store"), "hidden");
        return files;
    }

    /**
     * Names under a root whose own name has a space, a comma and glob characters; every scores path
     * is the file's own path string.
     */
    @Test
    void everyNameIsScoredOkWithItsOwnPath() throws IOException {
        SparkSession spark = SparkTestSession.get();
        // A comma too: each --generated is one URI.
        Path root = tmp.resolve("gen dir [1] {a,b} *?, c");
        List<Path> files = corpus(root);
        CliTest.Result r = score("names=" + root, "names");
        assertTrue(r.out().contains("skipped 1 file not matching the glob") && r.out().contains("notes.txt")
                && r.out().contains("1 hidden file, e.g. .DS_Store"), r.out());

        Map<String, String> status = statusByPath(spark, "names");
        TreeSet<String> expected = new TreeSet<>();
        // Hadoop's Path.toString of a local file, written independently: "file:" and the absolute path.
        files.forEach(f -> expected.add("file:" + f.toAbsolutePath()));
        assertEquals(expected, status.keySet());
        status.forEach((path, s) -> assertEquals("ok null", s, path));
    }

    /** The format corpus, reference pixel files and all: images ok, the references counted as skipped. */
    @Test
    void everyFormatOfTheCorpusIsScoredOk() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path formats = tmp.resolve("formats");
        Files.createDirectories(formats);
        int images = 0;
        try (var files = Files.list(FORMATS)) {
            for (Path f : files.toList()) {
                Files.copy(f, formats.resolve(f.getFileName().toString()));
                images += f.toString().endsWith(".rgb") || f.toString().endsWith(".rgba") ? 0 : 1;
            }
        }
        CliTest.Result r = score("formats=" + formats, "formats");
        assertTrue(r.out().contains("skipped " + (Files.list(formats).count() - images) + " files not matching"),
                r.out());
        Map<String, String> status = statusByPath(spark, "formats");
        assertEquals(images, status.size(), status.toString());
        status.forEach((path, s) -> assertEquals("ok null", s, path));
    }

    static final Path FORMATS = Path.of("src", "test", "resources", "formats");
    static final Path ARCHIVES = Path.of("src", "test", "resources", "archives").toAbsolutePath();

    /** A WebDataset shard: one row per image member, path SHARD#MEMBER; .cls and .json are not inputs. */
    @Test
    void tarShardMembersAreScoredOk() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path shards = Files.createDirectories(tmp.resolve("shards"));
        Files.copy(ARCHIVES.resolve("shard-000000.tar"), shards.resolve("shard-000000.tar"));
        score("wds=tar:" + shards, "tar");
        String shard = "file:" + shards.resolve("shard-000000.tar");
        Map<String, String> status = statusByPath(spark, "tar");
        assertEquals(new TreeSet<>(List.of(shard + "#000000.png", shard + "#000001.jpg", shard + "#000002.webp",
                shard + "#sub dir/000003.PNG")), status.keySet());
        status.forEach((path, s) -> assertEquals("ok null", s, path));
    }

    /** A Hugging Face image table: the Image struct is found without naming it; its path is the row path. */
    @Test
    void huggingFaceParquetIsScoredOk() throws IOException {
        SparkSession spark = SparkTestSession.get();
        score("hf=parquet:" + ARCHIVES.resolve("hf-images.parquet"), "hf");
        Map<String, String> status = statusByPath(spark, "hf");
        assertEquals(new TreeSet<>(List.of("img_000.png", "img_001.png", "img_002.png", "img_003.png")),
                status.keySet());
        status.forEach((path, s) -> assertEquals("ok null", s, path));
    }

    /** Stored and compressed .npz and a .npy: one row per image, path FILE#ARRAY/INDEX (FILE#INDEX). */
    @Test
    void npzAndNpyArraysAreScoredOk() throws IOException {
        SparkSession spark = SparkTestSession.get();
        Path arrays = Files.createDirectories(tmp.resolve("arrays"));
        for (String f : List.of("savez.npz", "savez_compressed.npz", "single.npy")) {
            Files.copy(ARCHIVES.resolve(f), arrays.resolve(f));
        }
        score("np=npz:" + arrays, "npz");
        Map<String, String> status = statusByPath(spark, "npz");
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < 5; i++) {
            expected.add("file:" + arrays.resolve("savez.npz") + "#arr_0/" + i);
        }
        for (int i = 0; i < 3; i++) {
            expected.add("file:" + arrays.resolve("savez_compressed.npz") + "#images/" + i);
        }
        for (int i = 0; i < 2; i++) {
            expected.add("file:" + arrays.resolve("single.npy") + "#" + i);
        }
        assertEquals(expected, status.keySet());
        status.forEach((path, s) -> assertEquals("ok null", s, path));
    }

    /**
     * Corrupt and truncated archives as they come from killed writers and bad copies: each gives
     * rows with a status and an error naming the file and why, counted as failed in the summary,
     * and every other image of the same sources is scored ok.
     */
    @Test
    void corruptArchivesGiveRowsWithAStatusAndTheRestIsScored() throws IOException {
        SparkSession spark = SparkTestSession.get();
        byte[] shard = Files.readAllBytes(ARCHIVES.resolve("shard-000000.tar"));
        Path shards = Files.createDirectories(tmp.resolve("bad-shards"));
        Files.write(shards.resolve("good.tar"), shard);
        // Cut in the middle of the data of its third member, 000001.jpg (data at 3584, 1073 bytes).
        Files.write(shards.resolve("cut.tar"), java.util.Arrays.copyOf(shard, 3584 + 500));
        // The header of 000001.jpg (at 3072) overwritten: its checksum no longer matches.
        byte[] garbage = shard.clone();
        java.util.Arrays.fill(garbage, 3072, 3072 + 512, (byte) 'x');
        Files.write(shards.resolve("garbage.tar"), garbage);

        Path arrays = Files.createDirectories(tmp.resolve("bad-arrays"));
        byte[] savez = Files.readAllBytes(ARCHIVES.resolve("savez.npz"));
        Files.write(arrays.resolve("good.npz"), savez);
        Files.write(arrays.resolve("cut.npz"), java.util.Arrays.copyOf(savez, savez.length / 2));
        byte[] arr0;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(ARCHIVES.resolve("savez.npz").toFile())) {
            arr0 = z.getInputStream(z.getEntry("arr_0.npy")).readAllBytes();
        }
        int header = arr0.length - 5 * 28 * 28 * 3;
        Files.write(arrays.resolve("mixed.npz"), storedZip(Map.of(
                "ok.npy", arr0,
                "bad_header.npy", "this is not an array".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "short.npy", java.util.Arrays.copyOf(arr0, header + 2 * 28 * 28 * 3 + 100),
                "int16.npy", npy("<i2", false, new int[] {2, 4, 4, 3}, new byte[2 * 4 * 4 * 3 * 2]),
                "five.npy", npy("|u1", false, new int[] {2, 4, 4, 5}, new byte[2 * 4 * 4 * 5]),
                "fortran.npy", npy("|u1", true, new int[] {2, 4, 4, 3}, new byte[2 * 4 * 4 * 3]))));
        // savez_compressed.npz with its one entry's compressed size halved in the zip directory: the
        // deflate stream of images.npy ends early (local header at 0, central directory after the data).
        // Python's zlib inflates those 1900 bytes to 4152: the 128-byte header and image 0 (3136 bytes)
        // whole, image 1 in part.
        byte[] compressed = Files.readAllBytes(ARCHIVES.resolve("savez_compressed.npz"));
        int central = indexOf(compressed, new byte[] {0x50, 0x4b, 0x01, 0x02});
        java.nio.ByteBuffer.wrap(compressed).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(central + 20, 3801 / 2);
        Files.write(arrays.resolve("deflate_cut.npz"), compressed);

        Path real = tmp.resolve("real");
        DemoData.copy("real", 4, real);
        CliTest.Result r = CliTest.run("score", "--real", real.toString(), "--generated", "tars=tar:" + shards,
                "--generated", "arrays=npz:" + arrays, "--model", DemoData.CARD.toString(), "--out",
                tmp.resolve("out").toString(), "--run-id", "bad", "--conf", "ascore.complexity.steps=2",
                "--conf", "ascore.vulnerability.steps=1");
        assertEquals(0, r.code(), r.err() + r.out());

        Map<String, String> status = statusByPath(spark, "bad");
        String s = "file:" + shards + "/";
        String a = "file:" + arrays + "/";
        Map<String, String> expected = new TreeMap<>();
        for (String m : List.of("000000.png", "000001.jpg", "000002.webp", "sub dir/000003.PNG")) {
            expected.put(s + "good.tar#" + m, "ok");
        }
        expected.put(s + "cut.tar#000000.png", "ok");
        expected.put(s + "cut.tar#000001.jpg", "read_error");
        expected.put(s + "garbage.tar#000000.png", "ok");
        expected.put(s + "garbage.tar", "read_error");
        for (int i = 0; i < 5; i++) {
            expected.put(a + "good.npz#arr_0/" + i, "ok");
            expected.put(a + "mixed.npz#ok/" + i, "ok");
        }
        expected.put(a + "cut.npz", "read_error");
        expected.put(a + "mixed.npz#bad_header", "read_error");
        expected.put(a + "mixed.npz#short", "read_error");
        expected.put(a + "mixed.npz#fortran", "read_error");
        for (int i = 0; i < 2; i++) {
            expected.put(a + "mixed.npz#int16/" + i, "unsupported_format");
            expected.put(a + "mixed.npz#five/" + i, "unsupported_format");
        }
        expected.put(a + "deflate_cut.npz#images/0", "ok");
        expected.put(a + "deflate_cut.npz#images/1", "read_error");
        expected.put(a + "deflate_cut.npz#images/2", "read_error");
        Map<String, String> got = new TreeMap<>();
        status.forEach((path, se) -> got.put(path, se.substring(0, se.indexOf(' '))));
        assertEquals(expected, got);

        // Each error names its file and says why.
        assertContains(status.get(s + "cut.tar#000001.jpg"), "cut.tar", "truncated");
        assertContains(status.get(s + "garbage.tar"), "garbage.tar", "after member 000000.cls");
        assertContains(status.get(a + "cut.npz"), "cut.npz", "zip directory");
        assertContains(status.get(a + "mixed.npz#bad_header"), "mixed.npz", "bad_header", "magic");
        assertContains(status.get(a + "mixed.npz#short"), "short", "truncated", "11760 bytes");
        assertContains(status.get(a + "mixed.npz#fortran"), "Fortran");
        assertContains(status.get(a + "mixed.npz#int16/0"), "<i2");
        assertContains(status.get(a + "mixed.npz#five/0"), "5 channels");
        assertContains(status.get(a + "deflate_cut.npz#images/1"), "deflate_cut.npz#images", "at image 1");
        assertContains(status.get(a + "deflate_cut.npz#images/2"), "deflate_cut.npz#images", "at image 1");

        // The summary line counts them with the other failed files (real images: all ok).
        assertEquals(failed(expected, s), failedColumn(r.out(), "tars"), r.out());
        assertEquals(failed(expected, a), failedColumn(r.out(), "arrays"), r.out());
    }

    private static void assertContains(String text, String... parts) {
        for (String p : parts) {
            assertTrue(text.contains(p), "'" + p + "' in " + text);
        }
    }

    private static long failed(Map<String, String> status, String prefix) {
        return status.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && !e.getValue().equals("ok"))
                .count();
    }

    /** The "failed" column of a source's line in the summary table. */
    private static long failedColumn(String out, String source) {
        return out.lines().filter(l -> l.startsWith(source + " ")).map(l -> Long.parseLong(l.trim().split("\\s+")[3]))
                .findFirst().orElseThrow(() -> new AssertionError("no summary line for " + source + " in " + out));
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (data[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    /** A .npy file as the NumPy format document describes version 1.0: magic, header dict padded to 64, data. */
    static byte[] npy(String descr, boolean fortran, int[] shape, byte[] data) {
        String dims = java.util.Arrays.stream(shape).mapToObj(Integer::toString)
                .collect(java.util.stream.Collectors.joining(", "));
        StringBuilder dict = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': "
                + (fortran ? "True" : "False") + ", 'shape': (" + dims + "), }");
        while ((10 + dict.length() + 1) % 64 != 0) {
            dict.append(' ');
        }
        dict.append('\n');
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) dict.length(), 0});
        out.writeBytes(dict.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** A zip of stored entries, as np.savez writes them. */
    static byte[] storedZip(Map<String, byte[]> entries) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                java.util.zip.ZipEntry entry = new java.util.zip.ZipEntry(e.getKey());
                entry.setMethod(java.util.zip.ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** {@code ascore score} of four demo real images against {@code generated}, with short paths; exit 0. */
    CliTest.Result score(String generated, String runId) throws IOException {
        Path real = tmp.resolve("real");
        if (!Files.exists(real)) {
            DemoData.copy("real", 4, real);
        }
        CliTest.Result r = CliTest.run("score", "--real", real.toString(), "--generated", generated,
                "--model", DemoData.CARD.toString(), "--out", tmp.resolve("out").toString(), "--run-id", runId,
                "--conf", "ascore.complexity.steps=2", "--conf", "ascore.vulnerability.steps=1");
        assertEquals(0, r.code(), r.err() + r.out());
        return r;
    }

    /** "status error" of every generated row of the run, by path. */
    Map<String, String> statusByPath(SparkSession spark, String runId) {
        List<Row> rows = spark.read().parquet(tmp.resolve("out").resolve("scores").toString())
                .where(col("run_id").equalTo(runId).and(col("split").equalTo("generated"))).collectAsList();
        Map<String, String> status = new TreeMap<>();
        rows.forEach(row -> status.put(row.getAs("path"), row.getAs("status") + " " + row.getAs("error")));
        return status;
    }
}
