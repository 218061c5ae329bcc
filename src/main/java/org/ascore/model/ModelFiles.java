package org.ascore.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checksums of model files. TorchScript files are code, so none is loaded unverified. */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, sha)) {
                d.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Throws unless the local file's sha256 equals the expected one. */
    public static void verify(Path file, String expectedSha256, String cardName) {
        String actual;
        try (InputStream in = Files.newInputStream(file)) {
            actual = sha256(in);
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
