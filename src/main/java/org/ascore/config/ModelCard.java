package org.ascore.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import org.ascore.model.ModelSpec;
import org.ascore.util.Ids;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What ascore needs to know about a feature model: where the TorchScript file is,
 * its checksum, and how to turn an image into its input. Read from {@code conf/models/<name>.conf}.
 *
 * @param name        card name; the {@code feature_model} column
 * @param file        model file as a URI (local file, hdfs://, s3a://, ...)
 * @param sha256      lower-case hex checksum the file must have
 * @param channels    1 (grayscale) or 3 (RGB)
 * @param resize      the shorter image side is resized to this before cropping
 * @param crop        side of the square center crop fed to the model
 * @param mean        per-channel mean subtracted inside the model's differentiable forward
 * @param std         per-channel std divided inside the model's differentiable forward
 * @param featureDim  length of the feature vector
 * @param batchSize   images per scoring batch
 * @param licence     licence of the weights
 * @param precision   {@code float32} or {@code float64}: the dtype the TorchScript file was exported
 *                    in; the whole computation, attack included, runs in it
 */
public record ModelCard(String name, String file, String sha256, int channels, int resize, int crop,
                        float[] mean, float[] std, int featureDim, int batchSize, String licence,
                        String precision)
        implements Serializable {

    public ModelCard {
        require(Ids.isValid(name), "name", "must be " + Ids.RULE + ", got " + name);
        require(file != null && !file.isBlank(), "file", "is required");
        require(sha256 != null && sha256.matches("[0-9a-f]{64}"), "sha256",
                "must be 64 lower-case hex digits, got " + sha256);
        require(channels == 1 || channels == 3, "channels", "must be 1 or 3, got " + channels);
        require(resize > 0 && resize <= 4096, "resize", "must be in 1..4096, got " + resize);
        require(crop > 0 && crop <= resize, "crop", "must be in 1..resize (" + resize + "), got " + crop);
        require(mean != null && mean.length == channels, "mean", "must have one value per channel (" + channels + ")");
        require(std != null && std.length == channels, "std", "must have one value per channel (" + channels + ")");
        for (float s : std) {
            require(s > 0 && Float.isFinite(s), "std", "values must be finite and > 0, got " + Arrays.toString(std));
        }
        for (float m : mean) {
            require(Float.isFinite(m), "mean", "values must be finite, got " + Arrays.toString(mean));
        }
        require(featureDim > 0, "feature_dim", "must be > 0, got " + featureDim);
        require(batchSize > 0 && batchSize <= 65536, "batch_size", "must be in 1..65536, got " + batchSize);
        require("float32".equals(precision) || "float64".equals(precision), "precision",
                "must be float32 or float64, got " + precision);
    }

    /** Reads a card; a relative {@code file} is resolved against the card's folder. */
    public static ModelCard load(Path cardFile) {
        if (!Files.isRegularFile(cardFile)) {
            throw new ConfigException("ascore.model", "model card not found: " + cardFile.toAbsolutePath());
        }
        String where = "in model card " + cardFile + ": ";
        Config c;
        try {
            c = ConfigFactory.parseFile(cardFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("ascore.model", "cannot parse model card " + cardFile + ": " + e.getMessage(), e);
        }
        try {
            String file = c.getString("file");
            return new ModelCard(
                    c.getString("name"),
                    resolve(cardFile, file),
                    c.getString("sha256").toLowerCase(Locale.ROOT),
                    c.getInt("channels"),
                    c.getInt("resize"),
                    c.getInt("crop"),
                    floats(c.getDoubleList("mean")),
                    floats(c.getDoubleList("std")),
                    c.getInt("feature_dim"),
                    c.hasPath("batch_size") ? c.getInt("batch_size") : 32,
                    c.hasPath("licence") ? c.getString("licence") : "unknown",
                    c.hasPath("precision") ? c.getString("precision") : "float32");
        } catch (Missing | WrongType e) {
            throw new ConfigException("ascore.model", where + e.getMessage(), e);
        } catch (ConfigException e) {
            throw new ConfigException(e.key(), where + e.reason(), e);
        }
    }

    private static String resolve(Path cardFile, String file) {
        if (file.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return file;
        }
        Path p = Path.of(file);
        if (!p.isAbsolute()) {
            Path dir = cardFile.toAbsolutePath().getParent();
            p = dir.resolve(p).normalize();
        }
        return p.toUri().toString();
    }

    private static float[] floats(List<Double> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    private static void require(boolean ok, String key, String reason) {
        if (!ok) {
            throw new ConfigException(key, reason);
        }
    }

    /** The model file as a URI. */
    public URI fileUri() {
        return URI.create(file);
    }

    /** What the model layer needs of this card. */
    public ModelSpec spec() {
        return new ModelSpec(name, sha256, channels, resize, crop, mean.clone(), std.clone(), featureDim,
                "float64".equals(precision));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelCard m && name.equals(m.name) && file.equals(m.file) && sha256.equals(m.sha256)
                && channels == m.channels && resize == m.resize && crop == m.crop && Arrays.equals(mean, m.mean)
                && Arrays.equals(std, m.std) && featureDim == m.featureDim && batchSize == m.batchSize
                && licence.equals(m.licence) && precision.equals(m.precision);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + sha256.hashCode();
    }

    @Override
    public String toString() {
        return "ModelCard[" + name + ", " + file + ", sha256=" + sha256 + ", " + channels + "x" + crop + "x" + crop
                + ", resize=" + resize + ", d=" + featureDim + ", " + precision + "]";
    }
}
