package dev.svcctl.cli.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The server's own request counters, by method, route (a pattern: never a service name) and status code. */
final class RequestCounters {
    record Key(String method, String route, int code) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = route.compareTo(o.route);
            if (c == 0) {
                c = method.compareTo(o.method);
            }
            return c != 0 ? c : Integer.compare(code, o.code);
        }
    }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    void count(String method, String route, int code) {
        counts.computeIfAbsent(new Key(method, route, code), k -> new LongAdder()).increment();
    }

    /** A sorted copy, for a stable exposition. */
    Map<Key, Long> snapshot() {
        Map<Key, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
