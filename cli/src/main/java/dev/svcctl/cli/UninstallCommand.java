package dev.svcctl.cli;

import com.google.gson.stream.JsonWriter;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.NotInstalledException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
                        .build())
                .addOption(JsonOption.spec());
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
            JsonWriter json = new JsonWriter(out);
            json.setIndent("  ");
            json.beginObject();
            json.name("services").beginArray();
            for (String name : targets.names()) {
                boolean gone = absent.contains(name);
                json.beginObject();
                json.name("name").value(name);
                json.name("changed").value(!gone);
                json.name("state").value(gone ? "absent" : "removed");
                json.endObject();
            }
            json.endArray();
            json.name("restored").beginArray();
            for (String line : restored) {
                json.value(line);
            }
            json.endArray();
            json.endObject();
            json.flush();
            out.println();
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
