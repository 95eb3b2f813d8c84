package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Backends;
import dev.svcctl.backend.Host;
import picocli.CommandLine.Option;

/** {@code --backend B}: which init system to target; the host's own when absent. */
final class BackendOption {
    @Option(names = {"-b", "--backend"}, paramLabel = "BACKEND",
            description = "systemd, windows or launchd (default: the host's init system).")
    String backend;

    Backend select() throws BackendException {
        return Backends.discover().select(backend, Host.CURRENT);
    }
}
