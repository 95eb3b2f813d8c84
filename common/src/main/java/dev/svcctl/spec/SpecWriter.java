package dev.svcctl.spec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Writes a {@link ServiceSpec} back as spec v1 YAML, canonically: always the same text for the same model, every key
 * that has a value written explicitly (defaults included), in the order of the spec contract. What it writes reads
 * back as an equal model: {@code SpecLoader.parse(f, SpecWriter.write(s)).spec().equals(s)}.
 *
 * <p>Strings are always double-quoted; characters YAML cannot carry literally (control characters, YAML 1.1 line
 * breaks such as U+2028, the BOM, lone surrogates) are written as escapes. Durations use their shortest spelling and
 * sizes are written in bytes.
 */
public final class SpecWriter {
    private final StringBuilder out = new StringBuilder();

    private SpecWriter() {
    }

    public static String write(ServiceSpec spec) {
        SpecWriter w = new SpecWriter();
        w.spec(spec);
        return w.out.toString();
    }

    private void spec(ServiceSpec s) {
        scalar(0, "name", quote(s.name()));
        scalar(0, "displayName", quote(s.displayName()));
        s.description().ifPresent(v -> scalar(0, "description", quote(v)));
        scalar(0, "exec", quote(s.exec()));
        stringList(0, "args", s.args());
        s.workingDirectory().ifPresent(v -> scalar(0, "workingDirectory", quote(v)));
        s.user().ifPresent(v -> scalar(0, "user", quote(v)));
        s.group().ifPresent(v -> scalar(0, "group", quote(v)));
        stringMap(0, "env", s.env());
        s.envFile().ifPresent(v -> scalar(0, "envFile", quote(v)));
        scalar(0, "scope", enumKey(s.scope()));
        scalar(0, "startup", enumKey(s.startup()));
        stringList(0, "dependsOn", s.dependsOn());
        stringList(0, "after", s.after().stream().map(Milestone::key).toList());

        RestartSpec r = s.restart();
        key(0, "restart");
        scalar(1, "policy", enumKey(r.policy()));
        scalar(1, "delay", duration(r.delay()));
        r.maxDelay().ifPresent(v -> scalar(1, "maxDelay", duration(v)));
        scalar(1, "burst", Integer.toString(r.burst()));
        scalar(1, "window", duration(r.window()));
        scalar(1, "successExitCodes", r.successExitCodes().toString());

        key(0, "stop");
        scalar(1, "signal", s.stop().signal().name());
        scalar(1, "timeout", duration(s.stop().timeout()));
        s.reloadSignal().ifPresent(sig -> {
            key(0, "reload");
            scalar(1, "signal", sig.name());
        });

        LogsSpec logs = s.logs();
        key(0, "logs");
        scalar(1, "stdout", enumKey(logs.stdout()));
        scalar(1, "stderr", enumKey(logs.stderr()));
        logs.dir().ifPresent(v -> scalar(1, "dir", quote(v)));
        logs.rotate().ifPresent(rot -> {
            key(1, "rotate");
            size(2, "size", rot.size());
            scalar(2, "every", enumKey(rot.every()));
            scalar(2, "keep", Integer.toString(rot.keep()));
            scalar(2, "compress", Boolean.toString(rot.compress()));
            size(2, "maxTotal", rot.maxTotal());
        });

        LimitsSpec limits = s.limits();
        if (!limits.equals(LimitsSpec.NONE)) {
            key(0, "limits");
            optionalLong(1, "openFiles", limits.openFiles());
            optionalLong(1, "processes", limits.processes());
            size(1, "memory", limits.memory());
            if (limits.cpuPercent().isPresent()) {
                scalar(1, "cpu", quote(limits.cpuPercent().getAsInt() + "%"));
            }
        }
        optionalInt(0, "priority", s.priority());
        s.healthCheck().ifPresent(this::healthCheck);
        scalar(0, "supervisor", enumKey(s.supervisor()));
        platform(s.platform());
    }

    private void healthCheck(HealthCheckSpec h) {
        key(0, "healthCheck");
        switch (h.kind()) {
            case HTTP -> scalar(1, "http", quote(h.target()));
            case TCP -> scalar(1, "tcp", quote(h.target()));
            case EXEC -> stringList(1, "exec", h.command());
        }
        scalar(1, "interval", duration(h.interval()));
        scalar(1, "timeout", duration(h.timeout()));
        scalar(1, "retries", Integer.toString(h.retries()));
        scalar(1, "startPeriod", duration(h.startPeriod()));
    }

    private void platform(PlatformSpec p) {
        key(0, "platform");
        key(1, "systemd");
        directives(2, "unit", p.systemd().unit());
        directives(2, "service", p.systemd().service());
        directives(2, "install", p.systemd().install());
        PlatformSpec.Windows w = p.windows();
        key(1, "windows");
        scalar(2, "account", quote(w.account()));
        w.passwordEnv().ifPresent(v -> scalar(2, "passwordEnv", quote(v)));
        scalar(2, "failureActions", enumKey(w.failureActions()));
        w.preshutdownTimeout().ifPresent(v -> scalar(2, "preshutdownTimeout", duration(v)));
        scalar(2, "eventLog", Boolean.toString(w.eventLog()));
        key(1, "launchd");
        p.launchd().label().ifPresent(v -> scalar(2, "label", quote(v)));
        value(2, "plist", p.launchd().plist());
    }

    private void directives(int depth, String name, Map<String, List<String>> directives) {
        if (directives.isEmpty()) {
            scalar(depth, name, "{}");
            return;
        }
        key(depth, name);
        directives.forEach((directive, values) -> stringList(depth + 1, quote(directive), values));
    }

    /** Plist values: String, Long, Double, Boolean, List or Map, nested. */
    private void value(int depth, String key, Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                scalar(depth, key, "{}");
                return;
            }
            key(depth, key);
            map.forEach((k, v) -> value(depth + 1, quote(String.valueOf(k)), v));
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                scalar(depth, key, "[]");
                return;
            }
            key(depth, key);
            for (Object item : list) {
                listItem(depth + 1, item);
            }
        } else {
            scalar(depth, key, plainValue(value));
        }
    }

    private void listItem(int depth, Object item) {
        String indent = "  ".repeat(depth);
        if (item instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append(indent).append("-\n");
            map.forEach((k, v) -> value(depth + 1, quote(String.valueOf(k)), v));
        } else if (item instanceof List<?> list && !list.isEmpty()) {
            out.append(indent).append("-\n");
            for (Object nested : list) {
                listItem(depth + 1, nested);
            }
        } else if (item instanceof Map<?, ?>) {
            out.append(indent).append("- {}\n");
        } else if (item instanceof List<?>) {
            out.append(indent).append("- []\n");
        } else {
            out.append(indent).append("- ").append(plainValue(item)).append('\n');
        }
    }

    private static String plainValue(Object value) {
        if (value instanceof Double d) {
            return floatText(d);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
            return value.toString();
        }
        return quote(String.valueOf(value));
    }

    /** A YAML 1.1 float that reads back as exactly {@code d} (the exponent needs its sign in YAML 1.1). */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        String text = Double.toString(d);
        int e = text.indexOf('E');
        if (e < 0) {
            return text;
        }
        String exponent = text.substring(e + 1);
        return text.substring(0, e) + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
    }

    private void stringList(int depth, String key, List<String> values) {
        if (values.isEmpty()) {
            scalar(depth, key, "[]");
            return;
        }
        key(depth, key);
        for (String v : values) {
            out.append("  ".repeat(depth + 1)).append("- ").append(quote(v)).append('\n');
        }
    }

    private void stringMap(int depth, String key, Map<String, String> map) {
        if (map.isEmpty()) {
            scalar(depth, key, "{}");
            return;
        }
        key(depth, key);
        map.forEach((k, v) -> scalar(depth + 1, quote(k), quote(v)));
    }

    private void size(int depth, String key, OptionalLong bytes) {
        optionalLong(depth, key, bytes);
    }

    private void optionalLong(int depth, String key, OptionalLong value) {
        if (value.isPresent()) {
            scalar(depth, key, Long.toString(value.getAsLong()));
        }
    }

    private void optionalInt(int depth, String key, OptionalInt value) {
        if (value.isPresent()) {
            scalar(depth, key, Integer.toString(value.getAsInt()));
        }
    }

    private void key(int depth, String key) {
        out.append("  ".repeat(depth)).append(key).append(":\n");
    }

    private void scalar(int depth, String key, String text) {
        out.append("  ".repeat(depth)).append(key).append(": ").append(text).append('\n');
    }

    private static String duration(Duration d) {
        return d.isZero() ? "0" : quote(Durations.format(d));
    }

    private static String enumKey(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A YAML double-quoted scalar holding exactly {@code s}. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                q.append(c).append(s.charAt(++i));
            } else if (needsEscape(c)) {
                q.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0xfeff
                || c >= 0xfffe || Character.isSurrogate(c);
    }

}
