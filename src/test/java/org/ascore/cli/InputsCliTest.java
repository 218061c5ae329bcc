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
