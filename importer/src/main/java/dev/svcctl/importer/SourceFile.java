package dev.svcctl.importer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One input of {@code svcctl import}: its path as the user gave it (for {@code FILE:LINE} in warnings), its text,
 * and the further files that belong to it (a systemd unit's drop-ins, in the order systemd applies them).
 */
public record SourceFile(String path, String text, List<SourceFile> dropIns) {
    public SourceFile {
        dropIns = List.copyOf(dropIns);
    }

    public SourceFile(String path, String text) {
        this(path, text, List.of());
    }

    /**
     * A source read from its bytes: UTF-8 unless a byte order mark says UTF-16 (little or big endian, as regedit
     * writes .reg files) or UTF-8; a file without a mark whose second byte is NUL is read as UTF-16LE (a .reg file
     * saved without one). The mark is not part of the text.
     */
    public static SourceFile decode(String path, byte[] bytes) {
        String text;
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        } else if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf) {
            text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        } else if (bytes.length >= 2 && bytes[0] != 0 && bytes[1] == 0) {
            text = new String(bytes, StandardCharsets.UTF_16LE);
        } else {
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        return new SourceFile(path, text);
    }
}
