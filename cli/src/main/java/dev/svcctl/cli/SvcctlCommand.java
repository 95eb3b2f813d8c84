package dev.svcctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The root command; its subcommands are registered by {@link Subcommands}, only as far as an invocation needs. */
@Command(name = "svcctl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Runs a program as a long-lived background service on systemd, Windows SCM or launchd, from one"
                + " YAML service spec.",
        footerHeading = "%nExit codes:%n",
        footer = {"  0 ok   1 operation failed   2 usage error   3 not running (status)   4 not installed",
                  "  65 invalid spec   69 backend unavailable on this host   77 permission denied"})
final class SvcctlCommand implements Runnable {
    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
