package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ShortHashTest {
    private static byte[] jdkSha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    @Test
    void knownVectors() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(ShortHash.sha256(new byte[0])));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                HexFormat.of().formatHex(ShortHash.sha256("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void everyLengthAroundTheBlockBoundariesDigestsLikeTheJdk() throws Exception {
        for (int length = 0; length <= 200; length++) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (i * 31 + length);
            }
            assertArrayEquals(jdkSha256(data), ShortHash.sha256(data), "length " + length);
        }
    }

    @Property
    void anyBytesDigestLikeTheJdk(@ForAll byte[] data) throws Exception {
        assertArrayEquals(jdkSha256(data), ShortHash.sha256(data));
    }

    @Property
    void theShortHashIsTheFirstTwelveBytesOfTheSha256OfTheUtf8Text(@ForAll String text) throws Exception {
        String expected = HexFormat.of().formatHex(jdkSha256(text.getBytes(StandardCharsets.UTF_8)), 0, 12);
        assertEquals(expected, ShortHash.of(text));
    }
}
