package dev.svcctl.cli;

import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.NotInstalledException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

final class UninstallCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return ServiceTargets.addTo(Options.command(this, "uninstall",
                        "Stop, disable and remove services svcctl installed; logs and data are kept.",
                        "A service that is not installed is no error: it is reported as 'NAME: absent' (exit 0), so"
                                + " running uninstall twice is safe. A service of that name that svcctl did not"
                                + " install is refused (exit 1) and nothing is removed."))
                .addOption(Options.valued(Path.class, "DIR", "Remove files under DIR and call nothing.", "--root")
                        .build());
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        Path root = call.option("--root");
        List<String> restored;
        List<String> absent;
        try {
            restored = (root != null ? targets.backendForRoot() : targets.initSystem()).uninstall(targets.names(),
                    new InstallOptions(false, false, false, false, targets.user(), Optional.ofNullable(root)));
            absent = List.of();
        } catch (NotInstalledException e) {
            restored = e.removed();
            absent = e.names();
        }
        PrintWriter out = call.out();
        if (JsonOption.isOn(call)) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (String name : targets.names()) {
                boolean gone = absent.contains(name);
                Map<String, Object> service = Json.object();
                service.put("name", name);
                service.put("action", gone ? "absent" : "removed");
                service.put("changed", !gone);
                services.add(service);
            }
            Map<String, Object> document = Json.object();
            document.put("services", services);
            document.put("restored", restored);
            JsonOption.print(call, document);
        } else {
            for (String name : targets.names()) {
                out.println(name + ": " + (absent.contains(name) ? "absent" : "removed"));
            }
            for (String line : restored) {
                out.println("restored " + line);
            }
        }
        out.flush();
        return 0;
    }
}
