package dev.svcctl.backend;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one path of start, stop, restart and reload, shared by the CLI verbs and {@code svcctl serve}: it reads the
 * services' status, acts only on those the action would change (a running service is not started again, a stopped
 * one not stopped), and answers per service whether anything changed and the status afterwards.
 */
public final class ServiceActions {
    /** The verbs that act on installed services. */
    public enum Action {
        START, STOP, RESTART, RELOAD;

        /** The spelling on the command line and in the API's path: {@code start}. */
        public String verb() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The action {@code verb} names, or null. */
        public static Action of(String verb) {
            for (Action a : values()) {
                if (a.verb().equals(verb)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** What {@code action} did to one service: whether it changed anything, and the service's status after it. */
    public record Result(String name, Action action, boolean changed, ServiceStatus status) {
    }

    private final Backend backend;
    private final boolean user;

    public ServiceActions(Backend backend, boolean user) {
        this.backend = backend;
        this.user = user;
    }

    /**
     * Does {@code action} on {@code names}. A name that is not installed fails the whole call with the backend's
     * own error (exit code 4) before anything is done.
     */
    public List<Result> apply(Action action, List<String> names) throws BackendException {
        List<ServiceStatus> before = backend.status(names, user);
        if (before.stream().anyMatch(s -> s.state() == ServiceState.NOT_INSTALLED)) {
            act(action, names);
            throw new BackendException(ExitCode.NOT_INSTALLED, String.join(", ", names) + ": not installed",
                    "'svcctl list' shows the services svcctl manages");
        }
        List<String> acting = new ArrayList<>();
        for (ServiceStatus s : before) {
            if (wouldChange(action, s.state())) {
                acting.add(s.name());
            }
        }
        if (!acting.isEmpty()) {
            act(action, acting);
        }
        Set<String> changed = new HashSet<>(acting);
        List<ServiceStatus> after = acting.isEmpty() ? before : backend.status(names, user);
        List<Result> results = new ArrayList<>();
        for (ServiceStatus s : after) {
            results.add(new Result(s.name(), action, changed.contains(s.name()), s));
        }
        return results;
    }

    /** What enable or disable did to one service, and with {@code --now} what the start or stop did. */
    public record EnableResult(Enablement enablement, Optional<Result> now) {
        /** Whether anything changed: the enablement, or the run state with {@code --now}. */
        public boolean changed() {
            return enablement.changed() || now.map(Result::changed).orElse(false);
        }
    }

    /**
     * {@code enable} ({@code on}) or {@code disable} through the backend, then with {@code now} a start or stop of the
     * same services through {@link #apply} (the same wait and the same "already running/stopped" as the verbs).
     */
    public List<EnableResult> enable(boolean on, List<String> names, boolean now) throws BackendException {
        List<Enablement> enablements = on ? backend.enable(names, user) : backend.disable(names, user);
        Map<String, Result> acted = now ? apply(on ? Action.START : Action.STOP, names).stream()
                .collect(Collectors.toMap(Result::name, Function.identity(), (a, b) -> a)) : Map.of();
        List<EnableResult> results = new ArrayList<>();
        for (Enablement e : enablements) {
            results.add(new EnableResult(e, Optional.ofNullable(acted.get(e.name()))));
        }
        return results;
    }

    private void act(Action action, List<String> names) throws BackendException {
        switch (action) {
            case START -> backend.start(names, user);
            case STOP -> backend.stop(names, user);
            case RESTART -> backend.restart(names, user);
            case RELOAD -> backend.reload(names, user);
        }
    }

    /** Whether {@code action} changes a service in {@code state}: restart and reload always act. */
    static boolean wouldChange(Action action, ServiceState state) {
        return switch (action) {
            case START -> state != ServiceState.RUNNING && state != ServiceState.STARTING;
            case STOP -> state != ServiceState.STOPPED && state != ServiceState.FAILED;
            case RESTART, RELOAD -> true;
        };
    }
}
