package dev.svcctl.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print svcctl's version.")
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().println("svcctl " + VersionProvider.version());
    }
}
