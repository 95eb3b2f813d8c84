package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.Host;
import dev.svcctl.supervisor.SupervisorBackend;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --backend B}: which init system to target; the host's own when absent. */
final class BackendOption {
    static final String NAME = "--backend";

    private BackendOption() {
    }

    static OptionSpec spec() {
        return Options.valued(String.class, "BACKEND", "systemd, windows or launchd (default: the host's init system);"
                        + " supervisor: the services 'svcctl run' hosts (the default for status, list, start, stop,"
                        + " restart, reload and logs on a host without an init system).",
                "-b", NAME).completionCandidates(ShippedBackends.IDS).build();
    }

    /** The backend named on the command line, or null when none is. */
    static String named(Invocation call) {
        return call.option(NAME);
    }

    /** For commands that write or check files for an init system (render, install, uninstall, validate). */
    static Backend select(Invocation call) throws BackendException {
        String named = named(call);
        if (ShippedBackends.SUPERVISOR.equals(named)) {
            throw SupervisorBackend.noFiles(call.commandLine().getCommandName());
        }
        return ShippedBackends.select(named, Host.CURRENT);
    }

    /** For render: as {@link #select}, but a host without an init system gets a usage error naming --backend. */
    static Backend selectForRender(Invocation call) throws BackendException {
        String named = named(call);
        if (ShippedBackends.SUPERVISOR.equals(named)) {
            throw SupervisorBackend.noFiles(call.commandLine().getCommandName());
        }
        return ShippedBackends.selectForRender(named, Host.CURRENT);
    }

    /**
     * For commands on running services (status, list, start, stop, restart, reload, logs): on a host without an
     * init system, the services {@code svcctl run} hosts there.
     */
    static Backend selectForServices(Invocation call) throws BackendException {
        return ShippedBackends.selectForServices(named(call), Host.CURRENT);
    }

    /**
     * For {@code --root DIR}: files for another machine or image, whose init system this host cannot tell, so a
     * host without one gets a hint that names --backend.
     */
    static Backend selectForRoot(Invocation call) throws BackendException {
        try {
            return select(call);
        } catch (BackendException e) {
            if (e.exitCode() != ExitCode.UNAVAILABLE) {
                throw e;
            }
            throw new BackendException(ExitCode.UNAVAILABLE, e.getMessage(), "--root writes the files of another"
                    + " system: say which init system it runs with --backend " + String.join("|", ShippedBackends.IDS));
        }
    }
}
