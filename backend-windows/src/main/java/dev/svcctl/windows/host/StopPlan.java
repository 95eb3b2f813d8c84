package dev.svcctl.windows.host;

import dev.svcctl.spec.PlatformSpec.StopMethod;
import dev.svcctl.spec.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * How a Windows program is asked to stop ({@code platform.windows.stopMethods}): the methods in order, method {@code i}
 * of {@code n} at {@code i/n} of {@code stop.timeout} unless the program has ended by then; whatever is left at the
 * time-out is ended with its job by the supervisor as before. Without stopMethods: the stop signal alone (TERM/INT:
 * Ctrl-C, KILL: terminate), today's behaviour. Pure; {@link Sequence} runs a plan on ports.
 */
public record StopPlan(List<StopMethod> methods, Duration timeout) {
    public StopPlan {
        methods = List.copyOf(methods);
    }

    /** The default plan for the stop signal: Ctrl-C for TERM and INT, terminate for KILL. */
    public static StopPlan of(ServiceSpec spec) {
        List<StopMethod> written = spec.platform().windows().stopMethods();
        if (!written.isEmpty()) {
            return new StopPlan(written, spec.stop().timeout());
        }
        StopMethod method = StopDelivery.of(spec.stop().signal()) == StopDelivery.TERMINATE ? StopMethod.TERMINATE
                : StopMethod.CTRL_C;
        return new StopPlan(List.of(method), spec.stop().timeout());
    }

    /** Today's plan for a port that knows no spec: Ctrl-C, then the supervisor's kill at its time-out. */
    public static final StopPlan DEFAULT = new StopPlan(List.of(StopMethod.CTRL_C), Duration.ofSeconds(30));

    /** One method and when it is tried, counted from the stop request. */
    public record Step(StopMethod method, Duration at) {
    }

    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            steps.add(new Step(methods.get(i), timeout.multipliedBy(i).dividedBy(methods.size())));
        }
        return steps;
    }

    /** What the OS does for each method. */
    public interface Methods {
        /** CTRL_C_EVENT through the program's own console. */
        void ctrlC(long pid);

        /** WM_CLOSE posted to each top-level window of the program; answers how many got it. */
        int wmClose(long pid);

        /** Ends the program's job. */
        void terminate(long pid);
    }

    /** Runs {@code task} after {@code delay}; answers something that cancels it. */
    public interface Timer {
        Runnable schedule(Runnable task, Duration delay);
    }

    /**
     * Runs plans: the first step at once, each later one on the timer when the program is still {@code alive}; a new
     * stop of the same program replaces the steps its earlier stop still had to go.
     */
    public static final class Sequence {
        private final Methods methods;
        private final Timer timer;
        private final LongPredicate alive;
        private final Map<Long, List<Runnable>> pending = new ConcurrentHashMap<>();

        public Sequence(Methods methods, Timer timer, LongPredicate alive) {
            this.methods = methods;
            this.timer = timer;
            this.alive = alive;
        }

        public void stop(StopPlan plan, long pid) {
            List<Runnable> cancels = new ArrayList<>();
            List<Runnable> earlier = pending.put(pid, cancels);
            if (earlier != null) {
                earlier.forEach(Runnable::run);
            }
            for (Step step : plan.steps()) {
                if (step.at().isZero()) {
                    deliver(step.method(), pid);
                } else {
                    cancels.add(timer.schedule(() -> {
                        if (alive.test(pid)) {
                            deliver(step.method(), pid);
                        }
                    }, step.at()));
                }
            }
        }

        private void deliver(StopMethod method, long pid) {
            switch (method) {
                case CTRL_C -> methods.ctrlC(pid);
                case WM_CLOSE -> methods.wmClose(pid);
                case TERMINATE -> methods.terminate(pid);
            }
        }
    }
}
