package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ServiceActions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The services a command acts on by name: the names, the backend and the scope (start, stop, uninstall...). */
final class ServiceTargets {
    private final Invocation call;

    ServiceTargets(Invocation call) {
        this.call = call;
    }

    /** Adds {@code NAME...}, {@code --backend} and {@code --user} to {@code spec}. */
    static CommandSpec addTo(CommandSpec spec) {
        return spec.addPositional(PositionalParamSpec.builder().paramLabel("NAME").arity("1..*").required(true).type(List.class)
                        .auxiliaryTypes(String.class).description("Service names.").build())
                .addOption(BackendOption.spec())
                .addOption(ScopeOption.spec())
                .addOption(JsonOption.spec());
    }

    List<String> names() {
        return call.parameters(0);
    }

    /** The backend of start, stop, restart, reload: on a host without an init system, 'svcctl run's services. */
    Backend backend() throws BackendException {
        return BackendOption.selectForServices(call);
    }

    /** The backend of uninstall: the host's init system (or the one named). */
    Backend initSystem() throws BackendException {
        return BackendOption.select(call);
    }

    /** The backend for files under {@code --root}: the hint for a host without an init system names --backend. */
    Backend backendForRoot() throws BackendException {
        return BackendOption.selectForRoot(call);
    }

    boolean user() {
        return ScopeOption.user(call);
    }

    /**
     * Does {@code action} through the one action path ({@link ServiceActions}) and prints one line per service:
     * {@code changed} when it acted, {@code unchanged} when the service already was so (e.g. {@code api: already
     * stopped}).
     */
    void act(ServiceActions.Action action, String changed, String unchanged) throws BackendException {
        List<ServiceActions.Result> results = new ServiceActions(backend(), user()).apply(action, names());
        if (JsonOption.isOn(call)) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (ServiceActions.Result r : results) {
                services.add(StatusOutput.toData(r));
            }
            Map<String, Object> document = Json.object();
            document.put("services", services);
            JsonOption.print(call, document);
            return;
        }
        for (ServiceActions.Result r : results) {
            call.out().println(r.name() + ": " + (r.changed() ? changed : unchanged));
        }
    }

    /**
     * One line per service once the operation succeeded for all of them, e.g. {@code api: removed}; with --json
     * {@code {"services": [{"name", "action": outcome, "changed": true}], ...extra}}.
     */
    void report(String outcome, Map<String, ?> extra) {
        if (JsonOption.isOn(call)) {
            List<Map<String, Object>> services = new ArrayList<>();
            for (String name : names()) {
                Map<String, Object> service = Json.object();
                service.put("name", name);
                service.put("action", outcome);
                service.put("changed", true);
                services.add(service);
            }
            Map<String, Object> document = Json.object();
            document.put("services", services);
            document.putAll(extra);
            JsonOption.print(call, document);
            return;
        }
        for (String name : names()) {
            call.out().println(name + ": " + outcome);
        }
    }
}
