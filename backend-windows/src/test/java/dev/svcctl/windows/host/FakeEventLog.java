package dev.svcctl.windows.host;

import java.util.ArrayList;
import java.util.List;

/** An in-memory Event Log: what the host reported, in order. */
final class FakeEventLog implements EventLog {
    record Entry(Type type, int eventId, String message) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized void report(Type type, int eventId, String message) {
        if (closed) {
            throw new IllegalStateException("reported after close: " + message);
        }
        entries.add(new Entry(type, eventId, message));
        notifyAll();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Waits until an event with this id has been reported; fails after {@code seconds}. */
    synchronized Entry await(int eventId, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (Entry e : entries) {
                if (e.eventId() == eventId) {
                    return e;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("event " + eventId + " never reported; got " + ids());
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized List<Integer> ids() {
        return entries.stream().map(Entry::eventId).toList();
    }
}
