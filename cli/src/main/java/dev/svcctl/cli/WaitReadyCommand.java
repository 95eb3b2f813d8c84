package dev.svcctl.cli;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.supervisor.InstalledSpecs;
import dev.svcctl.supervisor.WaitReady;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code svcctl wait-ready NAME [--user]}: what a natively supervised unit's {@code ExecStartPost=} runs for a spec
 * with tcp, http or exec readiness (docs/supervisor.md, "The shared host"). Hidden from the usage help, completion
 * and man pages: systemd runs it, not people. The spec copy is read as {@code svcctl host} reads it: owned by root
 * (the user for {@code --user}) and by no one else writable.
 */
final class WaitReadyCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Options.command(this, "wait-ready",
                        "Wait until an installed service's program passes its readiness probe (what its unit's"
                                + " ExecStartPost= runs; not meant to be run by hand).",
                        "Probes readiness (tcp, http, exec) as 'svcctl run' does until it passes, readiness.timeout"
                                + " passes, or the unit's main process ($MAINPID) ends.",
                        "Exit 0 when ready, 1 (one line with the reason) when not.")
                .addPositional(PositionalParamSpec.builder().paramLabel("NAME").arity("1").type(String.class)
                        .description("The installed service's name.").build())
                .addOption(ScopeOption.spec());
        spec.usageMessage().hidden(true);
        return spec;
    }

    @Override
    public int run(Invocation call) throws Exception {
        String name = call.parameter(0);
        boolean user = ScopeOption.user(call);
        Path file = SvcctlPaths.current().installedSpec(name, user ? Scope.USER : Scope.SYSTEM);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new BackendException(ExitCode.NOT_INSTALLED, "'" + name + "' is not installed (no " + file + ")",
                    "install it with 'svcctl install FILE'");
        }
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        ServiceSpec spec = InstalledSpecs.load(file, name, OptionalInt.of(self));
        WaitReady.await(spec, mainPid(System.getenv("MAINPID")));
        return ExitCode.OK.code();
    }

    /** systemd's {@code $MAINPID} in ExecStartPost='s environment; empty when absent or not a pid. */
    static OptionalLong mainPid(String value) {
        if (value == null || !value.matches("[1-9][0-9]{0,9}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(value));
    }
}
