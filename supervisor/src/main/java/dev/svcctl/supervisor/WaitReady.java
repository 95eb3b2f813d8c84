package dev.svcctl.supervisor;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.spec.Durations;
import dev.svcctl.spec.HealthCheckSpec;
import dev.svcctl.spec.ReadinessSpec;
import dev.svcctl.spec.ServiceSpec;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

/**
 * {@code svcctl wait-ready NAME}: the readiness probe (tcp, http, exec) of a program systemd supervises natively, run
 * as its unit's {@code ExecStartPost=} (docs/design/shared-host.md): systemd keeps the unit {@code activating} until
 * this returns, so returning is readiness. It probes as {@code svcctl run} does ({@link HealthProbe#readinessCheck},
 * every {@value HealthProbe#READINESS_PROBE_MILLIS} ms) until a probe passes; it fails when {@code readiness.timeout}
 * passes or the unit's main process ({@code $MAINPID}) is gone first.
 */
public final class WaitReady {
    /** Sleeps; a port so that tests need not wait. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final ServiceSpec spec;
    private final HealthProbe probe;
    private final HealthCheckSpec check;
    private final OptionalLong mainPid;
    private final LongPredicate alive;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    WaitReady(ServiceSpec spec, HealthCheckSpec check, HealthProbe probe, OptionalLong mainPid, LongPredicate alive,
              LongSupplier nanoTime, Sleeper sleeper) {
        this.spec = spec;
        this.check = check;
        this.probe = probe;
        this.mainPid = mainPid;
        this.alive = alive;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /**
     * Waits for the program of {@code spec} to be ready.
     *
     * @param mainPid the unit's main process ({@code $MAINPID}); empty when systemd gave none
     * @throws BackendException (exit 1, one line with the reason) when it is not ready in time or ended first, and
     *     when the spec has no probe readiness
     */
    public static void await(ServiceSpec spec, OptionalLong mainPid) throws BackendException, InterruptedException {
        ReadinessSpec ready = spec.readiness().filter(ReadinessSpec::probes).orElseThrow(() -> new BackendException(
                ExitCode.USAGE, spec.name() + " has no tcp, http or exec readiness to wait for",
                "'svcctl wait-ready' is what a unit's ExecStartPost= runs for such a spec"));
        PosixProcessPort port = new PosixProcessPort();
        HealthCheckSpec check = ServiceUserProbe.of(HealthProbe.readinessCheck(ready), spec,
                port.userId().orElse(-1), ServiceUserProbe.Accounts.host());
        new WaitReady(spec, check, HealthProbe.of(check, port), mainPid,
                pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), System::nanoTime,
                Thread::sleep).await();
    }

    void await() throws BackendException, InterruptedException {
        ReadinessSpec ready = spec.readiness().orElseThrow();
        Duration timeout = ready.timeout();
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        String last = "no probe finished";
        while (true) {
            if (mainPid.isPresent() && !alive.test(mainPid.getAsLong())) {
                throw fail("the program (pid " + mainPid.getAsLong() + ") ended before it was ready (last probe: "
                        + last + ")");
            }
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                break;
            }
            Duration probeTimeout = Duration.ofNanos(Math.min(left, check.timeout().toNanos()));
            String problem = probe.check(probeTimeout);
            if (problem == null) {
                return;
            }
            last = problem;
            long pause = Math.min(check.interval().toMillis(), (deadline - nanoTime.getAsLong()) / 1_000_000);
            if (pause > 0) {
                sleeper.sleep(pause);
            }
        }
        throw fail("not ready after " + Durations.format(timeout) + " (" + ready.kind().key() + " probe: " + last
                + ")");
    }

    private BackendException fail(String why) {
        return new BackendException(ExitCode.FAILED, spec.name() + ": " + why,
                "see 'svcctl logs " + spec.name() + "' and the spec's readiness");
    }
}
