package org.ascore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of ascore itself, as the build recorded it (pom.xml project.version). */
public final class Version {
    private static final String RESOURCE = "version.properties";

    private Version() {
    }

    /** e.g. {@code 0.1.0-SNAPSHOT} */
    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("org/ascore/" + RESOURCE + " is missing from the classpath; build"
                        + " with Maven, which writes it");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/ascore/" + RESOURCE, e);
        }
    }
}
