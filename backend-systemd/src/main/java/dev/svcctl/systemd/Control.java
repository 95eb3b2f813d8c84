package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.Enablement;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.install.EnablementChoice;
import dev.svcctl.install.SpecCopy;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        startOrRestart(services, prepare(services), false);
    }

    void restart(List<String> services) throws BackendException {
        startOrRestart(services, prepare(services), true);
    }

    /**
     * Starts or restarts and waits until each service runs: for a unit with readiness (and every supervised one),
     * systemctl itself waits until it is ready, or until systemd gives up at its start timeout.
     */
    private void startOrRestart(List<String> services, List<UnitState> before, boolean restart)
            throws BackendException {
        Map<String, List<String>> sockets = new java.util.LinkedHashMap<>();
        for (String service : services) {
            for (String path : HostUnits.socketUnitPaths(service, user)) {
                if (java.nio.file.Files.isRegularFile(host.files().resolve(path))) {
                    sockets.computeIfAbsent(service, s -> new ArrayList<>())
                            .add(path.substring(path.lastIndexOf('/') + 1));
                }
            }
        }
        // A host-served program's FIFOs must listen before it starts; its Requires= would start them too, but systemd
        // refuses while their wake unit is active, so they are started here the way install starts them.
        if (Installer.startSockets(sockets, systemctl)) {
            systemctl.reloadOrRestart(List.of(dev.svcctl.host.HostPaths.HOST_UNIT));
        }
        List<String> units = units(services);
        List<Duration> starts = new ArrayList<>();
        List<Duration> stops = new ArrayList<>();
        for (UnitState state : before) {
            starts.add(state.startTimeout());
            stops.add(restart ? state.stopTimeout() : Duration.ZERO);
        }
        Duration bound = StartFailures.bound(starts, stops);
        Map<String, String> failed;
        try {
            failed = restart ? systemctl.restart(units, bound) : systemctl.start(units, bound);
        } catch (BackendException e) {
            if (e.exitCode() != ExitCode.FAILED) {
                throw e;
            }
            // Refused or not answered in time; the states and the journal below tell why better than systemctl.
            failed = Map.of();
        }
        // Units whose job failed are done: waiting for them would only watch systemd restart them.
        SupervisedPrograms programs = new SupervisedPrograms(host, user);
        Duration watch = Duration.ZERO;
        Duration poll = Settling.poll(Duration.ofSeconds(1));
        for (int i = 0; i < services.size(); i++) {
            if (!failed.containsKey(units.get(i))) {
                Duration own = Settling.watch(systemdWaitsForReadiness(services.get(i), before.get(i), programs));
                watch = own.compareTo(watch) > 0 ? own : watch;
                Duration often = Settling.poll(before.get(i).restartDelay());
                poll = often.compareTo(poll) < 0 ? often : poll;
            }
        }
        List<UnitState> states = failed.keySet().containsAll(units) ? systemctl.show(units)
                : Settling.await(systemctl, units, watch, poll, host.settleBound(),
                        (unit, state) -> programs.runKey(UnitFiles.serviceName(unit), state));
        requireRunning(services, states, failed, restart ? "restart" : "start", programs);
    }

    /**
     * Whether {@code systemctl start} returned only once the unit was ready: a native {@code Type=notify} or
     * {@code Type=forking} unit. A supervised unit is always {@code Type=notify}, but without readiness in its spec
     * {@code svcctl run} says READY=1 as soon as its program runs; which it is would cost reading the spec copy, so
     * it is watched as a unit without readiness.
     */
    private static boolean systemdWaitsForReadiness(String service, UnitState state, SupervisedPrograms programs) {
        String type = state.get("Type");
        return (type.equals("notify") || type.equals("forking")) && !programs.supervised(service);
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

    /**
     * enable and disable of svcctl's own units: only those whose enablement differs are touched, and each answers
     * whether it changed. A unit whose spec says {@code startup: manual} has no [Install] section, so enable makes
     * it wanted by the scope's target ('systemctl add-wants'), which 'systemctl disable' undoes like any link.
     */
    List<Enablement> enable(List<String> services, boolean on) throws BackendException {
        List<UnitState> before = prepare(services);
        List<String> toEnable = new ArrayList<>();
        List<String> toWant = new ArrayList<>();
        List<String> toDisable = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            String unit = UnitFiles.unitName(services.get(i));
            boolean enabled = before.get(i).enabled();
            if (on && !enabled) {
                (UnitRenderer.wantedBy(managed.read(services.get(i)).content()) ? toEnable : toWant).add(unit);
            } else if (!on && enabled) {
                toDisable.add(unit);
            }
        }
        systemctl.enable(toEnable);
        systemctl.addWants(bootTarget(user), toWant);
        systemctl.disable(toDisable);
        List<UnitState> after = toEnable.isEmpty() && toWant.isEmpty() && toDisable.isEmpty() ? before
                : systemctl.show(units(services));
        List<Enablement> results = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            boolean enabled = after.get(i).enabled();
            if (enabled != on) {
                stuck.add(services.get(i) + " is still " + (enabled ? "enabled" : "not enabled") + " ("
                        + after.get(i).get("UnitFileState") + ")");
            }
            results.add(new Enablement(services.get(i), enabled, enabled != before.get(i).enabled()));
            EnablementChoice.write(host.engine(), UnitFiles.specPath(services.get(i), user), on);
        }
        if (!stuck.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join("; ", stuck),
                    "'systemctl" + (user ? " --user" : "") + " status' of the unit says more");
        }
        return results;
    }

    /** The target a unit without an [Install] section is made wanted by when enabled. */
    static String bootTarget(boolean user) {
        return user ? "default.target" : "multi-user.target";
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

    private void requireRunning(List<String> services, List<UnitState> states, Map<String, String> failed,
                                String verb, SupervisedPrograms programs) throws BackendException {
        List<String> failures = new ArrayList<>();
        String first = null;
        for (int i = 0; i < services.size(); i++) {
            UnitState state = states.get(i);
            String service = services.get(i);
            Optional<String> programFailing = state.state() == ServiceState.RUNNING
                    ? StartFailures.programFailing(service, programs.state(service, state)) : Optional.empty();
            if (state.state() != ServiceState.RUNNING) {
                first = first == null ? service : first;
                failures.add(StartFailures.describe(systemctl, service, state,
                        failed.get(UnitFiles.unitName(service)), expectation(service, state), verb));
            } else if (programFailing.isPresent()) {
                first = first == null ? service : first;
                failures.add(StartFailures.withJournal(systemctl, service, programFailing.get()));
            }
        }
        if (!failures.isEmpty()) {
            throw new BackendException(ExitCode.FAILED, String.join("\n", failures), "'svcctl logs "
                    + (user ? "--user " : "") + first + "' shows more of its output");
        }
    }

    /**
     * What the failed unit's start waited for. A supervised unit has its spec copy, which says; a native unit's
     * type says as much as the message needs. Read only on failure: a start that works costs no file read.
     */
    private StartFailures.Expectation expectation(String service, UnitState state) {
        try {
            Optional<ServiceSpec> copy = SpecCopy.read(host.engine(), UnitFiles.specPath(service, user));
            if (copy.isPresent()) {
                return StartFailures.Expectation.of(copy.get());
            }
        } catch (BackendException | InvalidSpecException e) {
            return new StartFailures.Expectation(Optional.empty(), true);
        }
        return new StartFailures.Expectation(StartFailures.readiness(state), false);
    }

    static List<String> units(List<String> services) {
        return services.stream().map(UnitFiles::unitName).toList();
    }
}
