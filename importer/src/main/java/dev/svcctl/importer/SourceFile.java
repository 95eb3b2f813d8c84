package dev.svcctl.importer;

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
}
