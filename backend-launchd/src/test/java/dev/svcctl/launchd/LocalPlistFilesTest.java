package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LocalPlistFilesTest {
    private final LocalPlistFiles files = new LocalPlistFiles();

    @Test
    void writesAtomicallyWithMode0644AndLeavesNoTemporaryFile() throws IOException {
        Path dir = Sandbox.dir("files");
        Path plist = dir.resolve("x.plist");
        Files.writeString(plist, "old");
        Files.setPosixFilePermissions(plist, PosixFilePermissions.fromString("rw-------"));

        files.writeAtomically(plist, "new".getBytes(StandardCharsets.UTF_8), 0644);

        assertEquals("new", Files.readString(plist));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(plist)));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(plist), left.toList());
        }
    }

    @Test
    void refusesToWriteThroughASymbolicLink() throws IOException {
        Path dir = Sandbox.dir("files-link");
        Path target = Files.writeString(dir.resolve("elsewhere"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("x.plist"), target);
        IOException e = assertThrows(IOException.class,
                () -> files.writeAtomically(link, "x".getBytes(StandardCharsets.UTF_8), 0644));
        assertTrue(e.getMessage().contains("symbolic link"));
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void givesADirectoryToAnAccountAndNamesAnUnknownOne() throws IOException {
        Path dir = Sandbox.dir("files-owner");
        String me = Files.getOwner(dir).getName();
        files.setOwner(dir, Optional.of(me), Optional.empty());
        assertEquals(me, Files.getOwner(dir).getName());
        var e = assertThrows(java.nio.file.attribute.UserPrincipalNotFoundException.class,
                () -> files.setOwner(dir, Optional.of("no-such-user-svcctl"), Optional.empty()));
        assertEquals("no-such-user-svcctl", e.getName());
    }

    @Test
    void readsListsAndDeletes() throws IOException {
        Path dir = Sandbox.dir("files-list");
        assertEquals(Optional.empty(), files.read(dir.resolve("none.plist")));
        Files.writeString(dir.resolve("b.plist"), "b");
        Files.writeString(dir.resolve("a.plist"), "a");
        Files.writeString(dir.resolve("a.plist.svcctl-backup"), "a");
        assertEquals(List.of(dir.resolve("a.plist"), dir.resolve("b.plist")), files.list(dir, ".plist"));
        assertEquals(List.of(), files.list(dir.resolve("missing"), ".plist"));
        assertTrue(files.delete(dir.resolve("a.plist")));
        assertEquals(false, files.delete(dir.resolve("a.plist")));
    }
}
