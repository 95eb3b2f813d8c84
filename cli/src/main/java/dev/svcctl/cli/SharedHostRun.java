package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.Host;
import dev.svcctl.os.CommonsExecProcessRunner;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.supervisor.SharedHost;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code svcctl host [--user]} on systemd: runs the {@link SharedHost} of the scope until SIGTERM; its lines go to
 * stderr (the journal of {@code svcctl-host.service}). An unhealthy program is restarted with
 * {@code systemctl [--user] --no-block restart NAME.service}: without waiting for the job, which may wait for the
 * program's readiness.
 */
final class SharedHostRun {
    private static final Duration SYSTEMCTL_TIMEOUT = Duration.ofSeconds(30);

    private SharedHostRun() {
    }

    static int run(boolean user) throws Exception {
        if (!Host.CURRENT.osName().equals("Linux")) {
            throw new BackendException(ExitCode.UNAVAILABLE, "'svcctl host' without --name is the shared host of"
                    + " systemd and runs only on Linux (this is " + Host.CURRENT.osName() + ")",
                    "on Windows, the Service Control Manager runs 'svcctl host --name NAME'");
        }
        Logging.supervisor("host");
        Logger log = LoggerFactory.getLogger(SharedHost.class);
        ProcessRunner runner = new CommonsExecProcessRunner();
        SharedHost.UnitRestarter restarter = name -> {
            List<String> manager = user ? List.of("systemctl", "--user") : List.of("systemctl");
            List<String> active = new ArrayList<>(manager);
            active.addAll(List.of("is-active", "--quiet", name + ".service"));
            if (!runner.run(active, SYSTEMCTL_TIMEOUT).ok()) {
                return false;
            }
            // try-restart, should it have stopped since: a stopped unit stays so.
            List<String> argv = new ArrayList<>(manager);
            argv.addAll(List.of("--no-block", "try-restart", name + ".service"));
            ProcessRunner.Result result = runner.run(argv, SYSTEMCTL_TIMEOUT);
            if (!result.ok()) {
                throw new IOException(String.join(" ", argv) + " failed: " + result.stderr().strip());
            }
            return true;
        };
        try (SharedHost host = SharedHost.create(user, restarter, log::warn, log::info)) {
            host.run();
        }
        return ExitCode.OK.code();
    }
}
