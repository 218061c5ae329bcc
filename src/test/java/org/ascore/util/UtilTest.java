package org.ascore.util;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared helpers against published test vectors and their stated rules. */
class UtilTest {
    /** FIPS 180-2, appendix B.1 and the empty message. */
    @Test
    void sha256MatchesThePublishedVectors() throws Exception {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(abc, Sha256.hex(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(abc, HexFormat.of().formatHex(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                Sha256.hex(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void idsStartWithALetterOrDigitAndHaveAtMost128Characters() {
        for (String ok : new String[] {"a", "20261202-113000-abc123", "nightly-m", "m.v2_x", "A".repeat(128)}) {
            assertTrue(Ids.isValid(ok), ok);
        }
        for (String bad : new String[] {null, "", ".", "..", ".hidden", "-x", "_x", "a/b", "a b", "A".repeat(129)}) {
            assertFalse(Ids.isValid(bad), String.valueOf(bad));
        }
    }

    @Test
    void trailingSlashesAreStripped() {
        assertEquals("s3a://bucket/out", Uris.withoutTrailingSlash("s3a://bucket/out/"));
        assertEquals("/tmp/out", Uris.withoutTrailingSlash("/tmp/out//"));
        assertEquals("out", Uris.withoutTrailingSlash("out"));
    }
}
