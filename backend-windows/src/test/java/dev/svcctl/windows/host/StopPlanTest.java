package dev.svcctl.windows.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.PlatformSpec.StopMethod;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.StopMode;
import dev.svcctl.spec.StopSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * platform.windows.stopMethods: each method at its share of stop.timeout while the program lives; the default is the
 * stop signal alone (Ctrl-C for TERM/INT), as before. Driven on a manual timer and recorded methods.
 */
class StopPlanTest {
    private final List<String> delivered = new ArrayList<>();
    private final List<Scheduled> timers = new ArrayList<>();
    private final Set<Long> alive = new HashSet<>();
    private final StopPlan.Sequence sequence = new StopPlan.Sequence(new StopPlan.Methods() {
        @Override
        public void ctrlC(long pid) {
            delivered.add("ctrlC " + pid);
        }

        @Override
        public int wmClose(long pid) {
            delivered.add("wmClose " + pid);
            return 1;
        }

        @Override
        public void terminate(long pid) {
            delivered.add("terminate " + pid);
        }
    }, (task, delay) -> {
        Scheduled s = new Scheduled(task, delay);
        timers.add(s);
        return () -> s.cancelled = true;
    }, alive::contains);

    private static final class Scheduled {
        final Runnable task;
        final Duration delay;
        boolean cancelled;

        Scheduled(Runnable task, Duration delay) {
            this.task = task;
            this.delay = delay;
        }
    }

    private void fire(int i) {
        if (!timers.get(i).cancelled) {
            timers.get(i).task.run();
        }
    }

    private static ServiceSpec spec(Signal signal, List<StopMethod> methods) {
        return ServiceSpec.builder("app", "C:\\app\\app.exe")
                .stop(new StopSpec(signal, Duration.ofSeconds(30), StopMode.GROUP))
                .platform(new PlatformSpec(PlatformSpec.Systemd.NONE,
                        PlatformSpec.Windows.DEFAULT.withStop(methods, PlatformSpec.UserAutostart.TASK),
                        PlatformSpec.Launchd.DEFAULT)).build();
    }

    @Test
    void withoutStopMethodsTheStopSignalAloneAsBefore() {
        assertEquals(List.of(new StopPlan.Step(StopMethod.CTRL_C, Duration.ZERO)),
                StopPlan.of(spec(Signal.TERM, List.of())).steps());
        assertEquals(List.of(new StopPlan.Step(StopMethod.TERMINATE, Duration.ZERO)),
                StopPlan.of(spec(Signal.KILL, List.of())).steps());
    }

    @Test
    void eachMethodGetsItsShareOfTheStopTimeoutInOrder() {
        assertEquals(List.of(new StopPlan.Step(StopMethod.CTRL_C, Duration.ZERO),
                new StopPlan.Step(StopMethod.WM_CLOSE, Duration.ofSeconds(10)),
                new StopPlan.Step(StopMethod.TERMINATE, Duration.ofSeconds(20))),
                StopPlan.of(spec(Signal.TERM, List.of(StopMethod.CTRL_C, StopMethod.WM_CLOSE, StopMethod.TERMINATE)))
                        .steps());
    }

    @Test
    void aProgramThatIgnoresCtrlCGetsWmCloseThenTerminateAndOneThatEndedGetsNothingMore() {
        StopPlan plan = StopPlan.of(spec(Signal.TERM, List.of(StopMethod.CTRL_C, StopMethod.WM_CLOSE,
                StopMethod.TERMINATE)));
        alive.add(7L);
        sequence.stop(plan, 7);
        assertEquals(List.of("ctrlC 7"), delivered);
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(20)),
                timers.stream().map(t -> t.delay).toList());
        fire(0);
        fire(1);
        assertEquals(List.of("ctrlC 7", "wmClose 7", "terminate 7"), delivered);

        delivered.clear();
        timers.clear();
        alive.add(8L);
        sequence.stop(plan, 8);
        alive.remove(8L); // it ended on Ctrl-C
        fire(0);
        fire(1);
        assertEquals(List.of("ctrlC 8"), delivered);
    }

    @Test
    void aSecondStopReplacesTheStepsTheFirstStillHad() {
        StopPlan plan = StopPlan.of(spec(Signal.TERM, List.of(StopMethod.WM_CLOSE, StopMethod.CTRL_C)));
        alive.add(9L);
        sequence.stop(plan, 9);
        sequence.stop(plan, 9);
        fire(0);
        fire(1);
        assertEquals(List.of("wmClose 9", "wmClose 9", "ctrlC 9"), delivered);
    }
}
