package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.state.ProgramState;
import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@link Supervisor#run()}: the caller's thread supervises, with the same lifecycle as start() + awaitExit(). */
class SupervisorOnCallingThreadTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static RestartSpec never() {
        return new RestartSpec(RestartPolicy.NEVER, Duration.ofMillis(50), Optional.empty(), 1, Duration.ofSeconds(60),
                List.of(0));
    }

    @Test
    void superviseOnTheCallingThreadUntilTheProgramEnds() throws Exception {
        Path dir = Fixtures.freshDir("calling-thread/ends");
        ServiceSpec spec = Fixtures.shell("calling-thread", "exit 0").restart(never()).build();
        Set<Thread> eventThreads = ConcurrentHashMap.newKeySet();
        RecordingListener recorded = new RecordingListener();
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), event -> {
            eventThreads.add(Thread.currentThread());
            recorded.onEvent(event);
        });

        Outcome outcome = supervisor.run();

        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertEquals(Set.of(Thread.currentThread()), eventThreads, "every event on the caller's thread");
        assertEquals(1, recorded.count(Kind.STARTED));
        assertEquals(ProgramState.STOPPED, supervisor.state().state());
        assertSame(outcome, supervisor.awaitExit(Duration.ZERO).orElseThrow(), "awaitExit sees the same end");
        assertThrows(IllegalStateException.class, supervisor::start, "a supervisor runs once");
    }

    @Test
    void aStopFromAnotherThreadEndsRun() throws Exception {
        Path dir = Fixtures.freshDir("calling-thread/stop");
        ServiceSpec spec = Fixtures.shell("calling-thread-stop", "exec sleep 60").restart(never()).build();
        RecordingListener listener = new RecordingListener();
        Supervisor supervisor = new Supervisor(spec, Fixtures.settings(dir), Fixtures.port(), listener);
        Thread stopper = new Thread(() -> {
            try {
                listener.await(Kind.STARTED, 1, WAIT);
                supervisor.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopper.start();

        Outcome outcome = supervisor.run();

        stopper.join(WAIT.toMillis());
        assertEquals(0, outcome.exitCode(), outcome.reason());
        assertTrue(outcome.reason().contains("stopped on request"), outcome.reason());
        assertEquals(1, listener.count(Kind.EXITED));
    }
}
