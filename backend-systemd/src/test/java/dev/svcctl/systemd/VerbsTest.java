package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.NotInstalledException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** enable/disable, cat, uninstall of an absent name and the recorded source of a spec, against the fake systemd. */
class VerbsTest {
    private Fixture host;

    @BeforeEach
    void setUp() throws Exception {
        host = new Fixture();
        host.executable("/usr/bin/app");
    }

    private List<InstallResult> install(ServiceSpec spec, String source) throws BackendException {
        List<InstallResult> results = host.backend().install(List.of(spec), new InstallOptions(false, false, false,
                false, false, Optional.empty(), Optional.empty(), Map.of(spec.name(), source)));
        host.systemd.commands.clear();
        return results;
    }

    private static ServiceSpec spec(String name) {
        return ServiceSpec.builder(name, "/usr/bin/app").build();
    }

    @Test
    void disableThenEnableSayWhetherTheyChangedAnythingAndCallSystemctlOnlyThen() throws Exception {
        install(spec("web"), "/srv/web.yaml");
        assertTrue(host.systemd.enabled("web.service"));

        List<Enablement> first = host.backend().disable(List.of("web"), false);
        assertEquals(List.of(new Enablement("web", false, true)), first);
        assertEquals(List.of("show", "disable", "show"), host.systemd.verbs());
        assertFalse(host.systemd.enabled("web.service"));

        host.systemd.commands.clear();
        assertEquals(List.of(new Enablement("web", false, false)), host.backend().disable(List.of("web"), false));
        assertEquals(List.of("show"), host.systemd.verbs(), "already disabled: nothing to do");

        host.systemd.commands.clear();
        assertEquals(List.of(new Enablement("web", true, true)), host.backend().enable(List.of("web"), false));
        assertEquals(List.of("show", "enable", "show"), host.systemd.verbs());
        assertEquals(List.of(new Enablement("web", true, false)), host.backend().enable(List.of("web"), false));
    }

    @Test
    void aDisabledServiceStaysDisabledWhenTheSameSpecIsInstalledAgainButNotWhenItsStartupChanges() throws Exception {
        install(spec("web"), "/srv/web.yaml");
        host.backend().disable(List.of("web"), false);
        install(spec("web").toBuilder().args(List.of("--port", "81")).build(), "/srv/web.yaml");
        assertFalse(host.systemd.enabled("web.service"), "a changed spec whose startup is the same keeps the choice");

        install(spec("web").toBuilder().startup(Startup.MANUAL).build(), "/srv/web.yaml");
        assertFalse(host.systemd.enabled("web.service"));
        install(spec("web").toBuilder().startup(Startup.AUTO).build(), "/srv/web.yaml");
        assertTrue(host.systemd.enabled("web.service"), "startup changed: the spec decides again");
    }

    @Test
    void enablingAManualServiceMakesItWantedByTheBootTarget() throws Exception {
        install(spec("job").toBuilder().startup(Startup.MANUAL).build(), "/srv/job.yaml");
        assertFalse(host.systemd.enabled("job.service"));

        assertTrue(host.backend().enable(List.of("job"), false).get(0).changed());
        assertEquals(List.of("systemctl", "add-wants", "multi-user.target", "job.service"),
                host.systemd.systemctlCalls().get(1));
        install(spec("job").toBuilder().startup(Startup.MANUAL).args(List.of("x")).build(), "/srv/job.yaml");
        assertTrue(host.systemd.enabled("job.service"), "a re-install keeps what enable chose");
    }

    @Test
    void enableAndCatRefuseAUnitSvcctlDidNotWrite() throws Exception {
        Path unit = host.unitFile("hand");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, "[Service]\nExecStart=/bin/sleep 1000\nEnvironment=TOKEN=hunter2\n");
        host.systemd.bootWith("hand.service", false);

        BackendException enable = assertThrows(BackendException.class,
                () -> host.backend().enable(List.of("hand"), false));
        assertEquals(ExitCode.FAILED, enable.exitCode());
        BackendException cat = assertThrows(BackendException.class,
                () -> host.backend().installedFiles("hand", false));
        assertEquals(ExitCode.FAILED, cat.exitCode());
        assertFalse(cat.getMessage().contains("hunter2"));
        assertEquals(ExitCode.NOT_INSTALLED, assertThrows(BackendException.class,
                () -> host.backend().installedFiles("ghost", false)).exitCode());
    }

    @Test
    void catShowsTheUnitTheEnvironmentFileAndTheSpecCopyWithTheValuesMasked() throws Exception {
        install(spec("api").toBuilder().env(Map.of("TOKEN", "hunter2")).build(), "/srv/api.yaml");
        List<Artifact> files = host.backend().installedFiles("api", false);
        assertEquals(List.of("/etc/systemd/system/api.service", "/etc/svcctl/env/api.env"),
                files.stream().map(Artifact::installPath).toList());
        assertTrue(files.get(1).content().contains("hunter2"), "content is what is there");
        for (Artifact file : files) {
            assertFalse(file.printable().contains("hunter2"), file.printable());
        }
        assertTrue(files.get(1).printable().contains("TOKEN=<secret: 7 bytes>"), files.get(1).printable());

        install(spec("sup").toBuilder().env(Map.of("TOKEN", "hunter2"))
                .supervisor(dev.svcctl.spec.SupervisorMode.SVCCTL).build(), "/srv/sup.yaml");
        List<Artifact> supervised = host.backend().installedFiles("sup", false);
        Artifact copy = supervised.stream().filter(a -> a.installPath().endsWith("/sup.yaml")).findFirst()
                .orElseThrow();
        assertTrue(copy.printable().contains("<secret: 7 bytes>"), copy.printable());
        assertFalse(copy.printable().contains("hunter2"));
    }

    @Test
    void uninstallRemovesWhatIsThereAndNamesTheAbsentOnes() throws Exception {
        install(spec("a"), "/srv/a.yaml");
        NotInstalledException e = assertThrows(NotInstalledException.class,
                () -> host.backend().uninstall(List.of("a", "ghost"), InstallOptions.DEFAULT));
        assertEquals(List.of("ghost"), e.names());
        assertEquals(ExitCode.NOT_INSTALLED, e.exitCode());
        assertFalse(Files.exists(host.unitFile("a")));
        assertFalse(Files.exists(host.files.resolve("/etc/svcctl/services/a.source")), "the source record goes too");
    }

    @Test
    void aNameInstalledFromAnotherFileThanLastTimeIsReported() throws Exception {
        assertEquals(Optional.empty(), install(spec("api"), "/a/api.yaml").get(0).formerSource());
        assertEquals(Optional.empty(), install(spec("api"), "/a/api.yaml").get(0).formerSource());
        assertEquals(Optional.of("/a/api.yaml"), install(spec("api"), "/b/api.yaml").get(0).formerSource());
        assertEquals(Optional.of("/b/api.yaml"), install(spec("api"), "-").get(0).formerSource());
        assertTrue(Files.readString(host.files.resolve("/etc/svcctl/services/api.source")).endsWith("\n-\n"));
    }
}
