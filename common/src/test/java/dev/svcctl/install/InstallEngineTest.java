package dev.svcctl.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.InstallResult.Action;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.Rendering;
import dev.svcctl.install.ArtifactPlan.Change;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InstallEngineTest {
    private static final String UNIT = "/etc/systemd/system/api.service";
    private static final String COPY = "/etc/svcctl/services/api.yaml";

    private Path root;
    private Path outside;
    private InstallEngine engine;

    @BeforeEach
    void setUp() throws IOException {
        Path base = Files.createDirectories(Path.of("target", "engine-test")).toAbsolutePath();
        root = Files.createTempDirectory(base, "root");
        outside = Files.createTempDirectory(base, "outside");
        engine = new InstallEngine(LocalArtifactFiles.under(root, StepPauses.NONE));
    }

    private static String managed(String body) {
        return "# " + ManagedMarker.of("f", body).text() + "\n" + body;
    }

    private static Rendering rendering(String unitBody) {
        return new Rendering("test", "api", List.of(new Artifact(COPY, managed("name: api\n"), 0644),
                new Artifact(UNIT, managed(unitBody), 0644)));
    }

    private ServicePlan plan(Rendering rendering, boolean force, List<String> problems) throws BackendException {
        return engine.plan(rendering, List.of(COPY, UNIT), force, problems);
    }

    private ServicePlan install(Rendering rendering, boolean force) throws BackendException {
        List<String> problems = new ArrayList<>();
        ServicePlan plan = plan(rendering, force, problems);
        if (!problems.isEmpty()) {
            throw InstallEngine.refused(problems);
        }
        engine.apply(List.of(plan));
        return plan;
    }

    private Path file(String installPath) {
        return root.resolve(installPath.substring(1));
    }

    @Test
    void createdThenUnchangedThenUpdatedWithTheModeSet() throws Exception {
        assertEquals(Action.CREATED, install(rendering("[Service]\n"), false).action());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file(UNIT))));
        assertEquals(Action.UNCHANGED, install(rendering("[Service]\n"), false).action());
        ServicePlan update = install(rendering("[Service]\nNice=5\n"), false);
        assertEquals(Action.UPDATED, update.action());
        assertEquals(Change.KEEP, update.artifact(COPY).get().change());
        assertEquals(managed("[Service]\nNice=5\n"), Files.readString(file(UNIT)));
    }

    @Test
    void aHandEditIsDriftAndIsRepaired() throws Exception {
        install(rendering("[Service]\n"), false);
        Files.writeString(file(UNIT), Files.readString(file(UNIT)) + "Nice=1\n");
        assertTrue(engine.drift(List.of(COPY, UNIT)));
        ServicePlan repair = install(rendering("[Service]\n"), false);
        assertEquals(Change.REPAIR, repair.artifact(UNIT).get().change());
        assertTrue(repair.note().get().contains("repaired hand edits of " + UNIT));
        assertFalse(engine.drift(List.of(COPY, UNIT)));
    }

    @Test
    void aForeignFileIsRefusedAndForceKeepsABackupThatRemoveRestoresByteForByte() throws Exception {
        byte[] distro = "[Unit]\nDescription=the distro's\n\u0000odd bytes".getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file(UNIT).getParent());
        Files.write(file(UNIT), distro);
        Files.setPosixFilePermissions(file(UNIT), PosixFilePermissions.fromString("rw-r-----"));
        List<String> problems = new ArrayList<>();
        plan(rendering("[Service]\n"), false, problems);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("was not written by svcctl"), problems.toString());

        ServicePlan takeOver = install(rendering("[Service]\n"), true);
        assertEquals(Change.TAKE_OVER, takeOver.artifact(UNIT).get().change());
        assertArrayEquals(distro, Files.readAllBytes(file(UNIT + InstallEngine.BACKUP_SUFFIX)));

        InstallEngine.Removal removal = engine.remove("api", List.of(COPY, UNIT));
        assertEquals(List.of(UNIT), removal.restored());
        assertEquals(List.of(COPY), removal.removed());
        assertArrayEquals(distro, Files.readAllBytes(file(UNIT)));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file(UNIT))));
        assertFalse(Files.exists(file(UNIT + InstallEngine.BACKUP_SUFFIX)));
        assertFalse(Files.exists(file(COPY)));
    }

    @Test
    void aLinkAtTheTargetIsRefusedNamingWhereItPoints() throws Exception {
        Files.createDirectories(file(UNIT).getParent());
        Files.createSymbolicLink(file(UNIT), Path.of("/dev/null"));
        List<String> problems = new ArrayList<>();
        plan(rendering("[Service]\n"), true, problems);
        assertTrue(problems.get(0).contains("is a symbolic link to /dev/null"), problems.toString());
    }

    @Test
    void aLinkedDirectoryInsideTheRootIsResolvedInsideItAndNothingIsWrittenOutside() throws Exception {
        Files.createDirectories(root.resolve("etc/systemd"));
        Files.createDirectories(root.resolve("lib/units"));
        Files.createSymbolicLink(root.resolve("etc/systemd/system"), outside);
        Files.createSymbolicLink(root.resolve("etc/svcctl"), Path.of("../lib/units"));
        install(rendering("[Service]\n"), false);
        try (var listing = Files.list(outside)) {
            assertEquals(0, listing.count(), "nothing written outside the root");
        }
        // An absolute link target means the same path inside the root, as systemctl --root reads it.
        assertTrue(Files.isRegularFile(root.resolve(outside.toString().substring(1)).resolve("api.service")));
        assertTrue(Files.isRegularFile(root.resolve("lib/units/services/api.yaml")));
    }

    @Test
    void aFileNoLongerRenderedGoesWhenItIsSvcctls() throws Exception {
        install(rendering("[Service]\n"), false);
        Rendering unitOnly = new Rendering("test", "api", List.of(new Artifact(UNIT, managed("[Service]\n"), 0644)));
        ServicePlan plan = install(unitOnly, false);
        assertEquals(Change.REMOVE, plan.artifact(COPY).get().change());
        assertFalse(Files.exists(file(COPY)));
    }

    @Test
    void aFailedWriteRollsBackWhatTheRunWroteAndNamesTheFile() throws Exception {
        install(rendering("[Service]\n"), false);
        String before = Files.readString(file(COPY));
        ArtifactFiles failing = new FailingOn(LocalArtifactFiles.under(root, StepPauses.NONE), UNIT);
        InstallEngine broken = new InstallEngine(failing);
        Rendering changed = new Rendering("test", "api", List.of(new Artifact(COPY, managed("name: api2\n"), 0644),
                new Artifact(UNIT, managed("[Service]\nNice=2\n"), 0644)));
        List<String> problems = new ArrayList<>();
        ServicePlan plan = broken.plan(changed, List.of(), false, problems);
        BackendException e = assertThrows(BackendException.class, () -> broken.apply(List.of(plan)));
        assertTrue(e.getMessage().contains(file(UNIT).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertEquals(before, Files.readString(file(COPY)));
        try (var listing = Files.list(file(COPY).getParent())) {
            assertEquals(List.of("api.yaml"), listing.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file left");
        }
    }

    @Test
    void aSecondLockOnTheSameServiceWaitsForTheFirst() throws Exception {
        String lock = InstallEngine.lockPath(COPY);
        assertEquals("/run/svcctl/locks/api.lock", lock);
        assertEquals("C:\\ProgramData\\svcctl\\locks\\api.lock",
                InstallEngine.lockPath("C:\\ProgramData\\svcctl\\services\\api.yaml"));
        ArtifactFiles files = engine.files();
        try (AutoCloseable first = files.lock(lock, Duration.ofSeconds(1))) {
            assertThrows(ArtifactFiles.LockTimeoutException.class, () -> files.lock(lock, Duration.ofMillis(200)));
        }
        files.lock(lock, Duration.ofMillis(200)).close();
    }

    /** A file port whose write of one path fails as a full disk does, after writing part of a temp file. */
    private static final class FailingOn implements ArtifactFiles {
        private final ArtifactFiles real;
        private final String path;

        FailingOn(ArtifactFiles real, String path) {
            this.real = real;
            this.path = path;
        }

        @Override
        public Existing read(String installPath) throws IOException {
            return real.read(installPath);
        }

        @Override
        public void write(String installPath, byte[] content, int mode, java.util.Optional<String> owner,
                          String step) throws IOException {
            if (installPath.equals(path) && !step.equals("rollback")) {
                throw new java.nio.file.FileSystemException(describe(installPath), null, "No space left on device");
            }
            real.write(installPath, content, mode, owner, step);
        }

        @Override
        public void delete(String installPath) throws IOException {
            real.delete(installPath);
        }

        @Override
        public String describe(String installPath) {
            return real.describe(installPath);
        }

        @Override
        public AutoCloseable lock(String installPath, Duration wait) throws IOException {
            return real.lock(installPath, wait);
        }

        @Override
        public Path locate(String installPath) throws IOException {
            return real.locate(installPath);
        }
    }
}
