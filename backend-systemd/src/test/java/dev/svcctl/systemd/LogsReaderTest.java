package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.backend.InstallOptions;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.ServiceSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** logs: journalctl attached to the terminal, with a deadline unless it follows. */
class LogsReaderTest {

    /** A command LogsReader ran attached to the terminal (the fake systemd answers the others). */
    private record Attached(List<String> argv, Duration timeout) {
    }

    @Test
    void followingRunsWithoutADeadlineAndAOneOffReadWithOne() throws Exception {
        Fixture fixture = new Fixture();
        fixture.executable("/usr/bin/app");
        fixture.backend().install(List.of(ServiceSpec.builder("web", "/usr/bin/app").build()), InstallOptions.DEFAULT);
        List<Attached> attached = new ArrayList<>();
        ProcessRunner recording = new ProcessRunner() {
            @Override
            public Result run(List<String> argv, Duration timeout) throws IOException {
                return fixture.systemd.run(argv, timeout);
            }

            @Override
            public int runAttached(List<String> argv, Duration timeout) {
                attached.add(new Attached(argv, timeout));
                return 0;
            }
        };
        SystemdHost host = fixture.host();
        SystemdHost recorded = new SystemdHost(recording, host.accounts(), host.files(), host.superuser(), host.path(),
                host.pauses(), host.svcctlCommand(), host.settleBound());

        new LogsReader(recorded, false).show("web", 10, true);
        new LogsReader(recorded, false).show("web", 10, false);

        assertEquals(List.of("journalctl", "--unit", "web.service", "--lines", "10", "--no-pager", "--output",
                "short-iso", "--follow"), attached.get(0).argv());
        assertEquals(ProcessRunner.NO_TIMEOUT, attached.get(0).timeout());
        assertEquals(Systemctl.DEFAULT_TIMEOUT, attached.get(1).timeout());
    }
}
