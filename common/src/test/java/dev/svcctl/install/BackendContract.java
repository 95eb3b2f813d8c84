package dev.svcctl.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.InstallResult.Action;
import dev.svcctl.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every backend's install shares, because it is the install engine's: one suite, run against each
 * backend (systemd and launchd on their fakes, Windows on its in-memory SCM) by a subclass that supplies a
 * {@link Subject}. A new backend passes this suite too.
 */
public abstract class BackendContract {

    /** One backend wired to fakes, and the few facts about it the suite cannot know. */
    protected interface Subject {
        Backend backend();

        /** A spec this backend installs; {@code description} is what changes between versions. */
        ServiceSpec spec(String name, String description);

        /** The options of an install (live through the fakes, or under --root). */
        InstallOptions options(boolean dryRun, boolean force);

        /** The service's main file as the engine addresses it (unit, plist, stored spec). */
        String mainPath(String name);

        ArtifactFiles files();

        /** Puts a service of that name in place that svcctl did not create (a file, or a registration). */
        void plantForeign(String name) throws Exception;

        /** What stands for the foreign service now, as bytes, to compare before and after. */
        byte[] foreign(String name) throws Exception;
    }

    protected abstract Subject subject() throws Exception;

    private static final String NAME = "contract";

    private static InstallResult install(Subject s, ServiceSpec spec, boolean dryRun, boolean force)
            throws BackendException {
        List<InstallResult> results = s.backend().install(List.of(spec), s.options(dryRun, force));
        assertEquals(1, results.size());
        return results.get(0);
    }

    private static String text(Subject s, String path) throws Exception {
        Existing existing = s.files().read(path);
        assertEquals(Existing.Kind.FILE, existing.kind(), path);
        return existing.text();
    }

    private static boolean drift(Subject s) throws BackendException {
        InstallOptions options = s.options(false, false);
        return s.backend().status(List.of(NAME), options.user()).get(0).drift();
    }

    @Test
    void createdUnchangedUpdatedWithAPatchableDiffDriftRepairedAndRemoved() throws Exception {
        Subject s = subject();
        String main = s.mainPath(NAME);
        assertEquals(Action.CREATED, install(s, s.spec(NAME, "version one"), false, false).action());
        assertEquals(Action.UNCHANGED, install(s, s.spec(NAME, "version one"), false, false).action());
        String old = text(s, main);

        InstallResult preview = install(s, s.spec(NAME, "version two"), true, false);
        assertEquals(Action.UPDATED, preview.action());
        assertEquals(old, text(s, main), "a dry run changes nothing");
        String diff = preview.diff().orElseThrow(() -> new AssertionError("a dry run shows a diff"));
        String patched = patch(old, section(diff, main));

        assertEquals(Action.UPDATED, install(s, s.spec(NAME, "version two"), false, false).action());
        assertEquals(text(s, main), patched, "GNU patch turns the old file into the new one with the diff");
        assertFalse(drift(s));

        s.files().write(main, (text(s, main) + "\n").getBytes(StandardCharsets.UTF_8), 0644, "hand-edit");
        assertTrue(drift(s), "a hand edit is drift");
        InstallResult repaired = install(s, s.spec(NAME, "version two"), false, false);
        assertEquals(Action.UPDATED, repaired.action());
        assertTrue(repaired.note().orElse("").contains("repaired"), repaired.note().toString());
        assertEquals(patched, text(s, main));
        assertFalse(drift(s));

        s.backend().uninstall(List.of(NAME), s.options(false, false));
        assertTrue(s.files().read(main).absent());
    }

    @Test
    void aForeignServiceIsRefusedAndForceThenUninstallPutsItBackByteForByte() throws Exception {
        Subject s = subject();
        s.plantForeign(NAME);
        byte[] before = s.foreign(NAME);
        BackendException refused = assertThrows(BackendException.class,
                () -> install(s, s.spec(NAME, "mine"), false, false));
        assertEquals(ExitCode.FAILED, refused.exitCode());
        assertTrue(refused.getMessage().contains("not") && refused.getMessage().contains("svcctl"),
                refused.getMessage());
        assertArrayEquals(before, s.foreign(NAME), "a refused install changes nothing");

        InstallResult taken = install(s, s.spec(NAME, "mine"), false, true);
        assertNotEquals(Action.UNCHANGED, taken.action());
        assertTrue(taken.note().orElse("").contains("took over"), taken.note().toString());
        assertFalse(java.util.Arrays.equals(before, s.foreign(NAME)), "svcctl's service is in place");

        List<String> restored = s.backend().uninstall(List.of(NAME), s.options(false, false));
        assertFalse(restored.isEmpty(), "uninstall says what it put back");
        assertArrayEquals(before, s.foreign(NAME), "the service svcctl took over is back as it was");
    }

    /** The part of a multi-file diff that is about {@code path}. */
    static String section(String diff, String path) {
        int start = diff.indexOf("--- " + path + "\n");
        assertTrue(start >= 0, "the diff covers " + path + ":\n" + diff);
        int next = diff.indexOf("\n--- ", start + 4);
        return next < 0 ? diff.substring(start) : diff.substring(start, next + 1);
    }

    /** GNU patch applied to {@code old}: what users' tools make of the diff. */
    static String patch(String old, String diff) throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "contract-patch")), "p");
        Path file = dir.resolve("file");
        Files.writeString(file, old, StandardCharsets.UTF_8);
        Path diffFile = dir.resolve("diff");
        Files.writeString(diffFile, diff, StandardCharsets.UTF_8);
        Process patch = new ProcessBuilder("patch", "--force", file.toString(), diffFile.toString())
                .redirectErrorStream(true).start();
        String output = new String(patch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(patch.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, patch.exitValue(), output + "\n" + diff);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** For subjects whose foreign service is a file: its bytes, or none. */
    protected static byte[] bytesOf(ArtifactFiles files, String path) throws Exception {
        Existing existing = files.read(path);
        return existing.kind() == Existing.Kind.FILE ? existing.bytes() : new byte[0];
    }

    protected static Optional<Path> none() {
        return Optional.empty();
    }
}
