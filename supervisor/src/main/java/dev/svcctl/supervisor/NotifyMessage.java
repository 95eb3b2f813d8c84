package dev.svcctl.supervisor;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** One datagram a program sent over $NOTIFY_SOCKET (the sd_notify protocol): NAME=value lines, in order. */
public record NotifyMessage(Map<String, String> fields) {
    public NotifyMessage {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    /** Parses "READY=1\nSTATUS=x\n"; lines without '=' are ignored, a later repeat of a name wins. */
    public static NotifyMessage parse(String datagram) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String line : datagram.split("\n", -1)) {
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            fields.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return new NotifyMessage(fields);
    }

    public boolean ready() { return "1".equals(fields.get("READY")); }
    public boolean watchdog() { return "1".equals(fields.get("WATCHDOG")); }
    public boolean watchdogTrigger() { return "trigger".equals(fields.get("WATCHDOG")); }
    public boolean reloading() { return "1".equals(fields.get("RELOADING")); }
    public boolean stopping() { return "1".equals(fields.get("STOPPING")); }
    public Optional<String> status() { return Optional.ofNullable(fields.get("STATUS")); }
    /** MAINPID=N with N > 0; empty otherwise. */
    public OptionalLong mainPid() {
        String value = fields.get("MAINPID");
        if (value == null || value.isEmpty() || value.length() > 18) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return OptionalLong.empty();
            }
        }
        long pid = Long.parseLong(value);
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }
}
