package dev.svcctl.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.Rendering;
import dev.svcctl.install.ArtifactPlan.Change;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Files that hold env's values: never readable by other users, not even while being written; masked in diffs. */
class PrivateArtifactsTest {
    private static final String ENV = "/etc/svcctl/env/api.env";
    private static final String COPY = "/etc/svcctl/services/api.yaml";

    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        Path base = Files.createDirectories(Path.of("target", "private-artifacts")).toAbsolutePath();
        root = Files.createTempDirectory(base, "root");
    }

    private static String managed(String body) {
        return "# " + ManagedMarker.of("f", body).text() + "\n" + body;
    }

    private Path file(String installPath) {
        return root.resolve(installPath.substring(1));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aPrivateFileIsNeverReadableByOthersAtAnyStepOfItsWrite() throws Exception {
        List<String> seen = new ArrayList<>();
        Path dir = file(ENV).getParent();
        StepPauses check = step -> {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Set<PosixFilePermission> p = Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS);
                    seen.add(step + " " + f.getFileName().toString().replaceAll("[0-9]+$", "PID") + " "
                            + PosixFilePermissions.toString(p));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        LocalArtifactFiles files = LocalArtifactFiles.under(root, check);
        Files.createDirectories(dir);

        files.write(ENV, "DB_PASSWORD=\"s3cret\"\n".getBytes(StandardCharsets.UTF_8), Artifact.MODE_PRIVATE, "env");

        assertEquals(List.of("env-temp-partial .api.env.svcctl-tmp-PID rw-------",
                "env-temp-written .api.env.svcctl-tmp-PID rw-------",
                "env-temp-synced .api.env.svcctl-tmp-PID rw-------",
                "env-renamed api.env rw-------"), seen);
        assertEquals("rw-------", mode(file(ENV)));
    }

    @Test
    void anOrdinaryFileStillGetsItsModeOnceWritten() throws Exception {
        LocalArtifactFiles files = LocalArtifactFiles.under(root, StepPauses.NONE);
        files.write("/etc/systemd/system/api.service", "[Service]\n".getBytes(StandardCharsets.UTF_8),
                Artifact.MODE_FILE, "unit");
        assertEquals("rw-r--r--", mode(file("/etc/systemd/system/api.service")));
    }

    @Test
    void theOwnerIsSetBeforeTheFileAppearsAndAnUnknownAccountFailsTheWrite() throws Exception {
        LocalArtifactFiles files = LocalArtifactFiles.under(root, StepPauses.NONE);
        boolean superuser = "root".equals(System.getProperty("user.name"));
        String owner = superuser ? "nobody" : System.getProperty("user.name");

        files.write(COPY, "name: api\n".getBytes(StandardCharsets.UTF_8), Artifact.MODE_PRIVATE, Optional.of(owner),
                "spec");

        assertEquals(owner, Files.getOwner(file(COPY), LinkOption.NOFOLLOW_LINKS).getName());
        assertEquals("rw-------", mode(file(COPY)));
        assertEquals(Optional.of(owner), files.read(COPY).owner());
        LocalArtifactFiles host = LocalArtifactFiles.host(new dev.svcctl.os.FileRoot(root, root.resolve("home")),
                StepPauses.NONE);
        assertThrows(UserPrincipalNotFoundException.class, () -> host.write(COPY, new byte[0],
                Artifact.MODE_PRIVATE, Optional.of("no-such-account-svcctl"), "spec"));
        assertEquals("name: api\n", Files.readString(file(COPY)), "a failed write leaves the old file");
        try (Stream<Path> left = Files.list(file(COPY).getParent())) {
            assertEquals(List.of("api.yaml"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void underARootDirectoryAnAccountUnknownHereLeavesTheFileTheBuilders() throws Exception {
        LocalArtifactFiles packaging = LocalArtifactFiles.under(root, StepPauses.NONE);

        packaging.write(COPY, "name: api\n".getBytes(StandardCharsets.UTF_8), Artifact.MODE_PRIVATE,
                Optional.of("no-such-account-svcctl"), "spec");

        assertEquals(System.getProperty("user.name"), Files.getOwner(file(COPY)).getName());
        assertEquals("rw-------", mode(file(COPY)));
    }

    @Test
    void aFileOfAnOlderSvcctlWithTheSameTextButReadableByAllIsRewrittenPrivate() throws Exception {
        String text = managed("name: api\nenv:\n  DB_PASSWORD: s3cret\n");
        Files.createDirectories(file(COPY).getParent());
        Files.writeString(file(COPY), text);
        Files.setPosixFilePermissions(file(COPY), PosixFilePermissions.fromString("rw-r--r--"));
        InstallEngine engine = new InstallEngine(LocalArtifactFiles.under(root, StepPauses.NONE));
        Rendering rendering = new Rendering("test", "api", List.of(new Artifact(COPY, text, Artifact.MODE_PRIVATE)));

        List<String> problems = new ArrayList<>();
        ServicePlan plan = engine.plan(rendering, List.of(COPY), false, problems);

        assertEquals(List.of(), problems);
        assertEquals(Change.UPDATE, plan.artifact(COPY).get().change());
        assertEquals(Optional.empty(), plan.diff(), "nothing for GNU patch to apply");
        assertEquals(Optional.of("mode of " + COPY + " 0644 -> 0600"), plan.note());
        engine.apply(List.of(plan));
        assertEquals("rw-------", mode(file(COPY)));
        assertEquals(Change.KEEP, engine.plan(rendering, List.of(COPY), false, problems).artifact(COPY).get()
                .change());
    }

    @Test
    void theDiffShowsTheMaskedTextAndNeverWhatAPrivateFileHeldBefore() throws Exception {
        Files.createDirectories(file(ENV).getParent());
        Files.writeString(file(ENV), managed("DB_PASSWORD=\"old-secret\"\n"));
        Files.setPosixFilePermissions(file(ENV), PosixFilePermissions.fromString("rw-------"));
        InstallEngine engine = new InstallEngine(LocalArtifactFiles.under(root, StepPauses.NONE));
        Artifact wanted = new Artifact(ENV, managed("DB_PASSWORD=\"new-secret\"\n"), Artifact.MODE_PRIVATE)
                .withShown(managed("DB_PASSWORD=\"<secret: 10 bytes>\"\n"));

        ServicePlan plan = engine.plan(new Rendering("test", "api", List.of(wanted)), List.of(ENV), false,
                new ArrayList<>());
        String diff = plan.diff().orElseThrow();

        assertFalse(diff.contains("secret\""), diff);
        assertFalse(diff.contains("old-secret") || diff.contains("new-secret"), diff);
        assertTrue(diff.contains("+DB_PASSWORD=\"<secret: 10 bytes>\""), diff);
        assertTrue(diff.contains("-# (the previous content is not shown: it may hold values of env)"), diff);

        // Removing a private file (env emptied): what it held is not shown either.
        ServicePlan removal = engine.plan(new Rendering("test", "api", List.of()), List.of(ENV), false,
                new ArrayList<>());
        assertEquals(Change.REMOVE, removal.artifact(ENV).get().change());
        assertFalse(removal.diff().orElseThrow().contains("old-secret"), removal.diff().get());
    }

    @Test
    void aSpecCopysDiffMasksTheOldValuesAndTheNewOnes() throws Exception {
        InstallEngine engine = new InstallEngine(LocalArtifactFiles.under(root, StepPauses.NONE));
        dev.svcctl.spec.ServiceSpec v1 = dev.svcctl.spec.ServiceSpec.builder("api", "/usr/bin/app")
                .env(java.util.Map.of("DB_PASSWORD", "old-secret")).build();
        dev.svcctl.spec.ServiceSpec v2 = v1.toBuilder().args("--v2")
                .env(java.util.Map.of("DB_PASSWORD", "new-secret-1")).build();
        engine.apply(List.of(engine.plan(new Rendering("test", "api", List.of(SpecCopy.of(v1, COPY))), List.of(),
                false, new ArrayList<>())));
        Artifact wanted = SpecCopy.of(v2, COPY).withShown(SpecCopy.of(
                dev.svcctl.backend.Secrets.masked(v2), COPY).content());

        String diff = engine.plan(new Rendering("test", "api", List.of(wanted)), List.of(), false,
                new ArrayList<>()).diff().orElseThrow();

        assertFalse(diff.contains("old-secret") || diff.contains("new-secret"), diff);
        assertTrue(diff.contains("-  \"DB_PASSWORD\": \"<secret: 10 bytes>\"") && diff.contains(
                "+  \"DB_PASSWORD\": \"<secret: 12 bytes>\"") && diff.contains("+  - \"--v2\""), diff);
    }

    @Test
    void driftLeavesOutFilesTheCallerMayNotRead() throws Exception {
        MemoryArtifactFiles memory = new MemoryArtifactFiles();
        memory.put("/etc/systemd/system/api.service", managed("[Service]\n"));
        ArtifactFiles denying = new ArtifactFiles() {
            @Override
            public Existing read(String installPath) throws IOException {
                if (installPath.equals(COPY)) {
                    throw new AccessDeniedException(installPath);
                }
                return memory.read(installPath);
            }

            @Override
            public void write(String installPath, byte[] content, int mode, Optional<String> owner, String step) {
                throw new AssertionError("status writes nothing");
            }

            @Override
            public void delete(String installPath) {
                throw new AssertionError("status deletes nothing");
            }

            @Override
            public String describe(String installPath) {
                return installPath;
            }

            @Override
            public AutoCloseable lock(String installPath, Duration wait) {
                throw new AssertionError("status locks nothing");
            }

            @Override
            public Path locate(String installPath) {
                return memory.locate(installPath);
            }
        };
        InstallEngine engine = new InstallEngine(denying);

        assertFalse(engine.drift(List.of(COPY, "/etc/systemd/system/api.service")));
        memory.put("/etc/systemd/system/api.service", managed("[Service]\n") + "Nice=1\n");
        assertTrue(engine.drift(List.of(COPY, "/etc/systemd/system/api.service")));
    }
}
