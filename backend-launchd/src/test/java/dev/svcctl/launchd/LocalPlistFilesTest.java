package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalPlistFilesTest {
    private final LocalPlistFiles files = new LocalPlistFiles();

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
    void listsThePlistsOnly() throws IOException {
        Path dir = Sandbox.dir("files-list");
        Files.writeString(dir.resolve("b.plist"), "b");
        Files.writeString(dir.resolve("a.plist"), "a");
        Files.writeString(dir.resolve("a.plist.svcctl-backup"), "a");
        Files.createSymbolicLink(dir.resolve("c.plist"), dir.resolve("b.plist"));
        assertEquals(List.of(dir.resolve("a.plist"), dir.resolve("b.plist")), files.list(dir, ".plist"));
        assertEquals(List.of(), files.list(dir.resolve("missing"), ".plist"));
    }
}
