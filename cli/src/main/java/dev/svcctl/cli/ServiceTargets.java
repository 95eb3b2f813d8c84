package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ServiceActions;
import java.util.List;
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
                .addOption(ScopeOption.spec());
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
        for (ServiceActions.Result r : new ServiceActions(backend(), user()).apply(action, names())) {
            call.out().println(r.name() + ": " + (r.changed() ? changed : unchanged));
        }
    }

    /** One line per service once the operation succeeded for all of them, e.g. {@code api: stopped}. */
    void report(String outcome) {
        for (String name : names()) {
            call.out().println(name + ": " + outcome);
        }
    }
}
