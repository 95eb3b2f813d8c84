package dev.svcctl.systemd;

import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.spec.Durations;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.state.ProgramState;
import dev.svcctl.state.SupervisorState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a start or restart may take, and why one failed, in the terms of the spec. A {@code Type=notify} or
 * {@code Type=forking} unit (readiness natively, and every unit that runs {@code svcctl run}) makes
 * {@code systemctl start} block until the program is ready, or until systemd gives up at {@code TimeoutStartSec=}
 * (the spec's {@code readiness.timeout}) and fails the job: its result, which systemctl prints, says which.
 */
final class StartFailures {
    /** What the client waits beyond the units' own start (and stop, for a restart) timeouts. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    /** systemctl's explanation of each job result ({@code Job for X failed because ...}), systemd 252. */
    private static final Map<String, String> RESULTS = Map.of(
            "of unavailable resources or another system error", "resources",
            "the service did not take the steps required by its unit configuration", "protocol",
            "a timeout was exceeded", "timeout",
            "the control process exited with error code", "exit-code",
            "a fatal signal was delivered to the control process", "signal",
            "a fatal signal was delivered causing the control process to dump core", "core-dump",
            "the service failed to send watchdog ping", "watchdog",
            "start of the service was attempted too often", "start-limit");
    private static final Pattern JOB_FAILED = Pattern.compile("^Job for (\\S+) failed(?: because (.*?))?\\.$",
            Pattern.MULTILINE);

    private StartFailures() {
    }

    /**
     * What a unit's start waits for: its readiness (the spec's, or what the unit's type implies when svcctl has no
     * spec at hand) and whether it runs {@code svcctl run}, which says READY=1 for its program.
     */
    record Expectation(Optional<ReadinessSpec> readiness, boolean supervised) {
        static Expectation of(ServiceSpec spec) {
            return new Expectation(spec.readiness(), Supervision.bySvcctl(spec));
        }
    }

    /**
     * How long {@code systemctl start} (or {@code restart}, which stops first) may block for units with these start
     * and stop timeouts. systemd itself ends a start that is not ready at the unit's start timeout; this bound only
     * keeps svcctl from waiting forever on a stuck manager, and never drops below systemctl's usual bound, because
     * the starts of dependencies count toward the wait but not toward the unit's start timeout.
     */
    static Duration bound(List<Duration> startTimeouts, List<Duration> stopTimeouts) {
        Duration longest = Duration.ZERO;
        for (int i = 0; i < startTimeouts.size(); i++) {
            Duration total = startTimeouts.get(i).plus(i < stopTimeouts.size() ? stopTimeouts.get(i) : Duration.ZERO);
            longest = total.compareTo(longest) > 0 ? total : longest;
        }
        Duration bound = longest.plus(MARGIN);
        return bound.compareTo(Systemctl.DEFAULT_TIMEOUT) > 0 ? bound : Systemctl.DEFAULT_TIMEOUT;
    }

    /**
     * The units whose job failed, each with systemd's result word ({@code timeout}, {@code exit-code}, ...; just
     * {@code failed} when systemctl named none), from what {@code systemctl start/restart} wrote to stderr.
     */
    static Map<String, String> jobResults(String stderr) {
        Map<String, String> results = new LinkedHashMap<>();
        Matcher m = JOB_FAILED.matcher(stderr);
        while (m.find()) {
            results.put(m.group(1), m.group(2) == null ? "failed" : RESULTS.getOrDefault(m.group(2), "failed"));
        }
        return results;
    }

    /**
     * What svcctl knows of a unit's readiness: the spec's when it has the spec, else what the unit's type implies
     * (a native {@code Type=notify} unit is {@code readiness.notify}, a {@code Type=forking} one
     * {@code readiness.pidFile}), with the unit's start timeout.
     */
    static Optional<ReadinessSpec> readiness(UnitState state) {
        Duration timeout = state.startTimeout();
        return switch (state.get("Type")) {
            case "notify" -> Optional.of(ReadinessSpec.notify(timeout));
            case "forking" -> Optional.of(new ReadinessSpec(ReadinessSpec.Kind.PID_FILE, "", List.of(), timeout));
            default -> Optional.empty();
        };
    }

    /**
     * One line naming readiness for a start that failed before the program was ready, or empty when the failure is
     * no matter of readiness (the caller then reports the state as it is).
     *
     * @param jobResult systemd's result of the failed start job, or null when the job did not fail
     */
    static Optional<String> explain(String service, UnitState state, String jobResult, Expectation expected) {
        Optional<ReadinessSpec> readiness = expected.readiness();
        boolean supervised = expected.supervised();
        // Without a failed job, only a unit left with Result=timeout says its start ran out of time; an exit may have
        // come after READY=1 and is reported as the state it left.
        String result = jobResult != null ? jobResult : state.get("Result").equals("timeout") ? "timeout" : null;
        if (result == null || readiness.isEmpty() && !supervised) {
            return Optional.empty();
        }
        String why = readiness.isPresent() ? "readiness." + readiness.get().kind().key() + ": "
                + whyNotReady(readiness.get()) : "svcctl run sent no READY=1 for its program";
        return switch (result) {
            case "timeout" -> Optional.of(service + ": not ready after " + Durations.format(readiness
                    .map(ReadinessSpec::timeout).orElse(state.startTimeout())) + " (" + why + ")");
            // Natively run, probe readiness is the unit's ExecStartPost=svcctl wait-ready, whose failure (the
            // reason is its journal line) fails the start; systemd then stops the program.
            case "exit-code", "signal", "core-dump" -> Optional.of(!supervised && readiness.isPresent()
                    && readiness.get().probes() ? service + ": not ready (" + why + "; svcctl wait-ready gave up)"
                    : service + ": " + exit(state.lastExit()) + " before it was ready");
            case "protocol" -> Optional.of(service + ": " + (readiness.isPresent()
                    && readiness.get().kind() == ReadinessSpec.Kind.PID_FILE ? "not ready" : "exited before it was ready")
                    + " (" + why + ")");
            default -> Optional.empty();
        };
    }

    /**
     * Why a service is not running after its start or restart, with its last journal lines: the readiness line when
     * {@link #explain} has one, else its state and last exit.
     */
    static String describe(Systemctl systemctl, String service, UnitState state, String jobResult,
                           Expectation expected, String verb) {
        StringBuilder text = new StringBuilder();
        Optional<String> readiness = explain(service, state, jobResult, expected);
        if (readiness.isPresent()) {
            text.append(readiness.get());
        } else {
            text.append(service).append(" did not ").append(verb).append(": it is ").append(state.state().label());
            state.lastExit().ifPresent(exit -> text.append(" (last exit: ")
                    .append(exit.code().isPresent() ? "code " + exit.code().getAsInt() : "signal " + exit.signal().get())
                    .append(')'));
            boolean exitSaysIt = jobResult != null && state.lastExit().isPresent()
                    && List.of("exit-code", "signal", "core-dump").contains(jobResult);
            if (jobResult != null && !jobResult.equals("failed") && !exitSaysIt) {
                text.append(" (systemd: ").append(jobResult).append(')');
            }
        }
        return withJournal(systemctl, service, text.toString());
    }

    /** {@code failure}, followed by the service's last journal lines when it has any. */
    static String withJournal(Systemctl systemctl, String service, String failure) {
        String journal = systemctl.journalTail(UnitFiles.unitName(service), Control.JOURNAL_LINES).stripTrailing();
        return journal.isEmpty() ? failure : failure + "; its last journal lines:\n" + journal.indent(2).stripTrailing();
    }

    /**
     * Why a supervised unit that systemd calls running is not: its program failed since the start (the supervisor
     * is new at every start, so any restart of the program counts) or waits to be restarted; empty when it runs.
     */
    static Optional<String> programFailing(String service, Optional<SupervisorState> state) {
        if (state.isEmpty()) {
            return Optional.empty();
        }
        SupervisorState s = state.get();
        boolean down = s.state() == ProgramState.BACKOFF || s.state() == ProgramState.FAILED;
        if (s.restarts() == 0 && !down) {
            return Optional.empty();
        }
        String exit = s.lastExit().map(e -> e.signal().isPresent() ? "was killed by signal " + e.signal().get()
                : "exited with code " + e.code()).orElse("ended");
        return Optional.of(service + ": its program keeps failing under svcctl run: it " + exit
                + (s.restarts() > 0 ? " (restarted " + s.restarts() + (s.restarts() == 1 ? " time" : " times")
                + " since the start)" : "") + (s.state() == ProgramState.FAILED ? "; the supervisor gave up" : ""));
    }

    private static String whyNotReady(ReadinessSpec readiness) {
        return switch (readiness.kind()) {
            case NOTIFY -> "no READY=1 received";
            case PID_FILE -> readiness.target().isEmpty() ? "no pid file of a live daemon after the program forked"
                    : readiness.target() + " named no live process";
            case TCP -> readiness.target() + " accepted no connection";
            case HTTP -> readiness.target() + " gave no 2xx answer";
            case EXEC -> String.join(" ", readiness.command()) + " did not exit 0";
        };
    }

    private static String exit(Optional<ServiceStatus.LastExit> exit) {
        if (exit.isEmpty()) {
            return "exited";
        }
        return exit.get().code().isPresent() ? "exited with code " + exit.get().code().getAsInt()
                : "was killed by signal " + exit.get().signal().orElse("?");
    }
}
