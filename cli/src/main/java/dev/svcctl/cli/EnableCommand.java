package dev.svcctl.cli;

import dev.svcctl.backend.ServiceActions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code enable NAME... [--now]} and {@code disable NAME... [--now]}: whether installed services start at boot, set
 * without editing their spec, through {@link ServiceActions#enable} (the same start and stop as the verbs).
 */
final class EnableCommand implements Subcommand {
    private final boolean on;

    EnableCommand(boolean on) {
        this.on = on;
    }

    @Override
    public CommandSpec spec() {
        String name = on ? "enable" : "disable";
        return ServiceTargets.addTo(Options.command(this, name, on
                        ? "Make installed services start at boot (at logon with --user), without editing their spec."
                        : "Keep installed services from starting at boot; they stay installed and can be started.",
                        "Enablement is state, not spec: it lasts until a spec whose 'startup' differs from the"
                                + " installed one is installed; installing the same spec again keeps it."
                                + " Prints 'NAME: " + (on ? "enabled" : "disabled") + "' or 'NAME: already "
                                + (on ? "enabled" : "disabled") + "'."))
                .addOption(Options.flag(on ? "Also start them (waits as 'svcctl start' does)."
                        : "Also stop them (waits as 'svcctl stop' does).", "--now"));
    }

    @Override
    public int run(Invocation call) throws Exception {
        ServiceTargets targets = new ServiceTargets(call);
        var results = new ServiceActions(targets.backend(), targets.user()).enable(on, targets.names(),
                call.flag("--now"));
        if (JsonOption.isOn(call)) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (ServiceActions.EnableResult r : results) {
                Map<String, Object> service = Json.object();
                service.put("name", r.enablement().name());
                service.put("action", on ? "enable" : "disable");
                service.put("changed", r.changed());
                service.put("enabled", r.enablement().enabled());
                service.put("status", r.now().map(now -> StatusOutput.toData(now.status())).orElse(null));
                services.add(service);
            }
            Map<String, Object> document = Json.object();
            document.put("services", services);
            JsonOption.print(call, document);
            return 0;
        }
        PrintWriter out = call.out();
        String done = on ? "enabled" : "disabled";
        for (ServiceActions.EnableResult r : results) {
            StringBuilder line = new StringBuilder(r.enablement().name()).append(": ")
                    .append(r.enablement().changed() ? done : "already " + done);
            r.now().ifPresent(now -> line.append(", ").append(now.changed() ? (on ? "running" : "stopped")
                    : (on ? "already running" : "already stopped")));
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
