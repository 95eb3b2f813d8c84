package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.Secrets;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SupervisorMode;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** env's values never land in a file other users can read: not in the unit, not in a readable copy (#14). */
class SecretsTest {
    private static final String SECRET = "s3cret \"quoted\" $x\\";

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_PASSWORD", SECRET);
        env.put("EMPTY", "");
        return env;
    }

    private static ServiceSpec.Builder spec(String name) {
        return ServiceSpec.builder(name, "/usr/bin/app").env(env());
    }

    private static Rendering render(ServiceSpec spec) throws Exception {
        return new SystemdBackend().render(spec, RenderOptions.DEFAULT);
    }

    @Test
    void aNativeUnitLoadsItsEnvFromAPrivateFileThatComesFirstAndHoldsTheValues() throws Exception {
        Rendering rendering = render(spec("api").envFiles("/etc/api/env", "-/etc/api/local").build());

        assertEquals(List.of("/etc/svcctl/env/api.env", "/etc/systemd/system/api.service"),
                rendering.artifacts().stream().map(Artifact::installPath).toList());
        Artifact envFile = rendering.artifacts().get(0);
        Artifact unit = rendering.artifacts().get(1);
        assertEquals(0600, envFile.mode());
        assertEquals(0644, unit.mode());
        assertFalse(unit.content().contains("s3cret"), unit.content());
        assertFalse(unit.content().contains("Environment="), unit.content());
        assertTrue(unit.content().contains("EnvironmentFile=/etc/svcctl/env/api.env\n"
                + "EnvironmentFile=/etc/api/env\nEnvironmentFile=-/etc/api/local\n"), unit.content());
        assertTrue(envFile.content().startsWith("# svcctl-managed spec="), envFile.content());
        assertTrue(envFile.content().endsWith("\nDB_PASSWORD=\"s3cret \\\"quoted\\\" $x\\\\\"\nEMPTY=\"\"\n"),
                envFile.content());
        assertEquals(Optional.empty(), envFile.owner(), "root's: systemd reads it before it drops privileges");
    }

    @Test
    void aUserUnitNamesItsFileThroughItsManagersHome() throws Exception {
        Rendering rendering = render(spec("api").scope(Scope.USER).build());

        assertEquals("~/.config/svcctl/env/api.env", rendering.artifacts().get(0).installPath());
        assertTrue(rendering.artifacts().get(1).content().contains(
                "EnvironmentFile=%h/.config/svcctl/env/api.env\n"), rendering.artifacts().get(1).content());
    }

    @Test
    void withoutEnvThereIsNoEnvironmentFile() throws Exception {
        Rendering rendering = render(ServiceSpec.builder("api", "/usr/bin/app").build());

        assertEquals(List.of("/etc/systemd/system/api.service"),
                rendering.artifacts().stream().map(Artifact::installPath).toList());
    }

    @Test
    void aSupervisedServicesCopyIsPrivateAndBelongsToTheAccountItsSupervisorRunsAs() throws Exception {
        Rendering system = render(spec("api").supervisor(SupervisorMode.SVCCTL).user("app").build());
        Rendering own = render(spec("api").supervisor(SupervisorMode.SVCCTL).build());
        Rendering user = render(spec("api").supervisor(SupervisorMode.SVCCTL).scope(Scope.USER).build());

        Artifact copy = system.artifacts().get(0);
        assertEquals("/etc/svcctl/services/api.yaml", copy.installPath());
        assertEquals(0600, copy.mode());
        assertEquals(Optional.of("app"), copy.owner());
        assertEquals(Optional.empty(), own.artifacts().get(0).owner(), "svcctl run runs as root: root's");
        assertEquals(Optional.empty(), user.artifacts().get(0).owner(), "the user installs it: the user's");
        assertEquals(0600, user.artifacts().get(0).mode());
        assertFalse(system.artifacts().get(1).content().contains("s3cret"));
        assertEquals(2, system.artifacts().size(), "the supervisor applies env: no environment file");
    }

    @Test
    void whatOutputShowsHasEveryValueMasked() throws Exception {
        for (ServiceSpec spec : List.of(spec("api").build(), spec("api").supervisor(SupervisorMode.SVCCTL).build())) {
            Rendering rendering = Secrets.render(new SystemdBackend(), spec, RenderOptions.DEFAULT);
            for (Artifact artifact : rendering.artifacts()) {
                assertFalse(artifact.printable().contains("s3cret"), artifact.printable());
                assertTrue(artifact.content().equals(render(spec).artifacts().stream()
                        .filter(a -> a.installPath().equals(artifact.installPath())).findFirst().orElseThrow()
                        .content()), "what is written stays real");
            }
            String shown = rendering.artifacts().get(0).printable();
            assertTrue(shown.contains("<secret: 19 bytes>") && shown.contains("<secret: 0 bytes>"), shown);
            assertTrue(rendering.artifacts().get(1).shown().isEmpty(), "the unit holds nothing to mask");
        }
    }

    @Test
    void atTheSizeLimitWherePlaceholdersAreLongerThanTheValuesTheFileIsNotShownInsteadOfRefused() throws Exception {
        List<String> args = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            args.add("a".repeat(128_000));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < 1000; i++) {
            env.put(String.format("E%04d", i), "");
        }
        ServiceSpec spec = ServiceSpec.builder("api", "/usr/bin/app").args(args).env(env).build();
        assertEquals(List.of(), new SystemdBackend().check(spec), "the real spec fits");
        assertFalse(new SystemdBackend().check(Secrets.masked(spec)).isEmpty(), "its masked twin does not");

        Rendering rendering = Secrets.render(new SystemdBackend(), spec, RenderOptions.DEFAULT);

        assertEquals("# (not shown: this file holds the values of env)\n", rendering.artifacts().get(0).printable());
        assertTrue(rendering.artifacts().get(1).shown().isEmpty());
    }

    @Test
    void installWritesTheFilePrivateMasksTheDryRunAndUninstallRemovesIt() throws Exception {
        Fixture host = new Fixture();
        host.executable("/usr/bin/app");
        ServiceSpec spec = spec("api").build();

        InstallResult dry = host.backend().install(List.of(spec), new InstallOptions(true, false, false, false, false,
                Optional.empty())).get(0);
        String diff = dry.diff().orElseThrow();
        assertFalse(diff.contains("s3cret"), diff);
        assertTrue(diff.contains("+DB_PASSWORD=\"<secret: 19 bytes>\""), diff);

        host.backend().install(List.of(spec), InstallOptions.DEFAULT);
        Path file = host.files.resolve("/etc/svcctl/env/api.env");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).contains("DB_PASSWORD="));
        assertEquals(List.of(), new SystemdBackend(host.host()).status(List.of("api"), false).get(0).drift()
                ? List.of("drift") : List.of());

        // env emptied: the file goes.
        host.backend().install(List.of(ServiceSpec.builder("api", "/usr/bin/app").build()), InstallOptions.DEFAULT);
        assertFalse(Files.exists(file));
        host.backend().install(List.of(spec), InstallOptions.DEFAULT);
        assertTrue(Files.exists(file));
        host.backend().uninstall(List.of("api"), InstallOptions.DEFAULT);
        assertFalse(Files.exists(file));
    }

    @Test
    void aCopyAnOlderSvcctlLeftReadableIsMadePrivateWithoutARestart() throws Exception {
        Fixture host = new Fixture();
        host.executable("/usr/bin/app");
        ServiceSpec spec = spec("api").supervisor(SupervisorMode.SVCCTL).build();
        host.backend().install(List.of(spec), InstallOptions.DEFAULT);
        Path copy = host.files.resolve("/etc/svcctl/services/api.yaml");
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        long pid = host.systemd.pid("api.service");

        InstallResult result = host.backend().install(List.of(spec), InstallOptions.DEFAULT).get(0);

        assertEquals(InstallResult.Action.UPDATED, result.action());
        assertEquals(Optional.of("mode of /etc/svcctl/services/api.yaml 0644 -> 0600"), result.note());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        assertEquals(pid, host.systemd.pid("api.service"), "the text svcctl run reads did not change");
    }

    @Test
    void theCopyOfAServiceWithUserIsWrittenOwnedByThatAccount() throws Exception {
        boolean superuser = "root".equals(System.getProperty("user.name"));
        String account = superuser ? "nobody" : System.getProperty("user.name");
        Fixture host = new Fixture();
        host.executable("/usr/bin/app");
        host.accounts = new FakeAccounts(Set.of("root", account), Set.of("root", account));
        ServiceSpec spec = spec("api").supervisor(SupervisorMode.SVCCTL).user(account).build();

        host.backend().install(List.of(spec), InstallOptions.DEFAULT);

        Path copy = host.files.resolve("/etc/svcctl/services/api.yaml");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        assertEquals(account, Files.getOwner(copy, LinkOption.NOFOLLOW_LINKS).getName());
        assertTrue(Files.readString(copy).contains("DB_PASSWORD"));
    }
}
