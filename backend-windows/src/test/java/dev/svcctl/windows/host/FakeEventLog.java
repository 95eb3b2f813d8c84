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
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized List<Integer> ids() {
        return entries.stream().map(Entry::eventId).toList();
    }
}
