package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ServiceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** start, stop, restart and reload of installed services, each waiting (bounded) until the states settle. */
final class Control {
    static final int JOURNAL_LINES = 10;
    private static final Duration STOP_MARGIN = Duration.ofSeconds(30);

    private final SystemdHost host;
    private final boolean user;
    private final Systemctl systemctl;
    private final ManagedUnits managed;

    Control(SystemdHost host, boolean user) {
        this.host = host;
        this.user = user;
        this.systemctl = new Systemctl(host.runner(), user);
        this.managed = new ManagedUnits(host, user);
    }

    private List<UnitState> prepare(List<String> services) throws BackendException {
        ServiceNames.check(services);
        Preconditions.systemdRunning(host);
        if (!user) {
            Preconditions.superuser(host, "controlling system services");
        }
        List<UnitState> states = systemctl.show(units(services));
        managed.requireManaged(services, states);
        return states;
    }

    void start(List<String> services) throws BackendException {
        prepare(services);
        try {
            systemctl.start(units(services));
        } catch (BackendException e) {
            if (e.exitCode() != ExitCode.FAILED) {
                throw e;
            }
            // The job failed; the states and the journal below tell why better than systemctl's message.
        }
        requireRunning(services, Settling.await(systemctl, units(services), host.settleBound()), "start");
    }

    void restart(List<String> services) throws BackendException {
        prepare(services);
        try {
            systemctl.restart(units(services));
        } catch (BackendException e) {
            if (e.exitCode() != ExitCode.FAILED) {
                throw e;
            }
            // The job failed; the states and the journal below tell why better than systemctl's message.
        }
        requireRunning(services, Settling.await(systemctl, units(services), host.settleBound()), "restart");
    }

    void stop(List<String> services) throws BackendException {
        List<UnitState> before = prepare(services);
        stopUnits(systemctl, units(services), before);
        List<UnitState> after = systemctl.show(units(services));
        List<String> still = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            if (after.get(i).active() || after.get(i).transient_()) {
                still.add(services.get(i) + " is " + after.get(i).state().label());
            }
        }
        if (!still.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join("; ", still), null);
        }
    }

    /** Stops and waits as long as the longest stop timeout among the units, plus a margin. */
    static void stopUnits(Systemctl systemctl, List<String> units, List<UnitState> states) throws BackendException {
        Duration longest = states.stream().map(UnitState::stopTimeout).max(Duration::compareTo).orElse(Duration.ZERO);
        systemctl.stop(units, longest.plus(STOP_MARGIN));
    }

    void reload(List<String> services) throws BackendException {
        List<UnitState> states = prepare(services);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            if (!states.get(i).canReload()) {
                problems.add(services.get(i) + ": its spec has no reload signal or command");
            } else if (!states.get(i).active()) {
                problems.add(services.get(i) + " is " + states.get(i).state().label() + ", not running");
            }
        }
        if (!problems.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join("; ", problems),
                    problems.get(0).contains("reload signal")
                            ? "add 'reload: {signal: HUP}' to the spec and install it again" : "start it first");
        }
        systemctl.reload(units(services));
    }

    private void requireRunning(List<String> services, List<UnitState> states, String verb) throws BackendException {
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < services.size(); i++) {
            UnitState state = states.get(i);
            if (state.state() == ServiceState.RUNNING) {
                continue;
            }
            if (failures.length() > 0) {
                failures.append('\n');
            }
            failures.append(services.get(i)).append(" did not ").append(verb).append(": it is ")
                    .append(state.state().label());
            state.lastExit().ifPresent(exit -> failures.append(" (last exit: ")
                    .append(exit.code().isPresent() ? "code " + exit.code().getAsInt() : "signal " + exit.signal().get())
                    .append(')'));
            String journal = systemctl.journalTail(UnitFiles.unitName(services.get(i)), JOURNAL_LINES).stripTrailing();
            if (!journal.isEmpty()) {
                failures.append("; its last journal lines:\n").append(journal.indent(2).stripTrailing());
            }
        }
        if (failures.length() > 0) {
            String first = failures.substring(0, failures.indexOf(" "));
            throw new BackendException(ExitCode.FAILED, failures.toString(),
                    "'svcctl logs " + (user ? "--user " : "") + first + "' shows more of its output");
        }
    }

    static List<String> units(List<String> services) {
        return services.stream().map(UnitFiles::unitName).toList();
    }
}
