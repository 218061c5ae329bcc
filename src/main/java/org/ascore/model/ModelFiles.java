package org.ascore.model;

import org.ascore.util.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checksums of model files. TorchScript files are code, so none is loaded unverified. */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Throws unless the local file's sha256 equals the expected one. */
    public static void verify(Path file, String expectedSha256, String cardName) {
        String actual;
        try (InputStream in = Files.newInputStream(file)) {
            actual = Sha256.hex(in);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read model file " + file + " of card " + cardName + ": "
                    + e.getMessage(), e);
        }
        if (!actual.equals(expectedSha256)) {
            throw new ModelLoadException("model file " + file + " has sha256 " + actual + " but card " + cardName
                    + " says " + expectedSha256 + "; refusing to load it (TorchScript files are code)");
        }
    }
}
