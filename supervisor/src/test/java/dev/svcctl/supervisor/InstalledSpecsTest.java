package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How the host and wait-ready believe a spec copy: a regular file of the right owner that no one else writes. */
class InstalledSpecsTest {
    private static final int SELF = new PosixProcessPort().userId().orElseThrow();

    private static Path copy(Path dir, String name, String mode) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".yaml"), "name: " + name + "\nexec: /bin/true\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void loadsATrustedCopyAndRefusesTheOthers() throws Exception {
        Path dir = Fixtures.freshDir("installed-specs");
        Path good = copy(dir, "good", "rw-------");
        assertEquals("good", InstalledSpecs.load(good, "good", OptionalInt.of(SELF)).name());

        BackendException owner = assertThrows(BackendException.class,
                () -> InstalledSpecs.load(good, "good", OptionalInt.of(SELF + 4242)));
        assertEquals(ExitCode.PERMISSION_DENIED, owner.exitCode());
        assertEquals("the installed spec " + good + " is owned by uid " + SELF + ", not " + (SELF + 4242)
                + "; not trusting it", owner.getMessage());

        Path loose = copy(dir, "loose", "rw--w----");
        assertEquals(ExitCode.PERMISSION_DENIED, assertThrows(BackendException.class,
                () -> InstalledSpecs.load(loose, "loose", OptionalInt.of(SELF))).exitCode());

        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), good);
        BackendException linked = assertThrows(BackendException.class,
                () -> InstalledSpecs.load(link, "link", OptionalInt.of(SELF)));
        assertEquals(ExitCode.PERMISSION_DENIED, linked.exitCode(), linked.getMessage());

        BackendException misnamed = assertThrows(BackendException.class,
                () -> InstalledSpecs.load(good, "other", OptionalInt.of(SELF)));
        assertEquals("the installed spec for 'other' names the service 'good'", misnamed.getMessage());

        assertEquals(List.of("good", "link", "loose"), InstalledSpecs.names(dir));
        assertEquals(List.of(), InstalledSpecs.names(dir.resolve("missing")));
    }
}
