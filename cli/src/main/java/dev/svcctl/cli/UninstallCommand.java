package dev.svcctl.cli;

import dev.svcctl.backend.InstallOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

final class UninstallCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "uninstall",
                        "Stop, disable and remove services svcctl installed; logs and data are kept.",
                        "Exit 4 when a service is not installed."))
                .addOption(Options.valued(Path.class, "DIR", "Remove files under DIR and call nothing.", "--root")
                        .build());
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        Path root = call.option("--root");
        List<String> restored = (root != null ? targets.backendForRoot() : targets.initSystem()).uninstall(targets.names(),
                new InstallOptions(false, false, false, false, targets.user(), Optional.ofNullable(root)));
        targets.report("removed", Map.of("restored", restored));
        if (!JsonOption.isOn(call)) {
            for (String line : restored) {
                call.out().println("restored " + line);
            }
        }
        call.out().flush();
        return 0;
    }
}
