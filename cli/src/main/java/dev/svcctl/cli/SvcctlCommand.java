package dev.svcctl.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The root command; its subcommands are registered by {@link Subcommands}, only as far as an invocation needs. */
final class SvcctlCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Options.command(this, "svcctl", "Runs a program as a long-lived background service on"
                        + " systemd, Windows SCM or launchd, from one YAML service spec.")
                .versionProvider(new VersionProvider())
                .addOption(VerboseOption.spec());
        spec.usageMessage().footerHeading("%nExit codes:%n").footer(
                "  0 ok   1 operation failed   2 usage error   3 not running (status)   4 not installed",
                "  65 invalid spec   66 spec file not found   69 backend unavailable on this host",
                "  77 permission denied",
                "--json on every command prints one JSON document, errors included (docs/json.md).");
        return spec;
    }

    /** {@code svcctl} alone prints the usage. */
    @Override
    public int run(Invocation call) {
        call.commandLine().usage(call.out());
        return 0;
    }
}
