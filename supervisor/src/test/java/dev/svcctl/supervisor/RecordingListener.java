package dev.svcctl.supervisor;

import dev.svcctl.supervisor.SupervisorEvent.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event with the moment it arrived, and lets a test wait for one. */
final class RecordingListener implements SupervisorListener {
    record Stamped(SupervisorEvent event, long nanos) {
    }

    private final List<Stamped> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(SupervisorEvent event) {
        System.err.println("event: " + event.kind() + " " + event.message());
        events.add(new Stamped(event, System.nanoTime()));
        notifyAll();
    }

    synchronized List<Stamped> all() {
        return List.copyOf(events);
    }

    synchronized List<Stamped> of(Kind kind) {
        return events.stream().filter(e -> e.event().kind() == kind).toList();
    }

    synchronized long count(Kind kind) {
        return of(kind).size();
    }

    /** Waits until {@code count} events of {@code kind} have arrived; fails the test after the timeout. */
    synchronized List<Stamped> await(Kind kind, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (of(kind).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + count + " " + kind + " events within " + timeout + "; got " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return of(kind);
    }
}
