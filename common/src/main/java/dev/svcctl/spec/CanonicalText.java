package dev.svcctl.spec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Writes a tree of records, collections and plain values as text in the shape of the records' own
 * {@code toString()}, but by walking record components: a record's generated {@code toString()} is linked through
 * {@code invokedynamic} and method handles on first use, which costs the CLI tens of milliseconds per record type
 * at start-up, while this walk costs almost nothing.
 */
final class CanonicalText {
    /**
     * The record components marked {@link OmittedWhenEmpty}, by record. Read from here and not from the annotations:
     * the first look at an annotation at run time makes the JVM generate a proxy class for it, which cost every
     * command that fingerprints a spec (render, install) about 40 ms of its start under load; CanonicalTextTest holds
     * this table to the annotations.
     */
    static final Map<Class<? extends Record>, Set<String>> OMITTED_WHEN_EMPTY = Map.of(
            ServiceSpec.class, Set.of("hooks", "cpuAffinity"),
            RestartSpec.class, Set.of("onExit"),
            PlatformSpec.Windows.class, Set.of("failureSteps", "failureResetPeriod", "stopMethods", "userAutostart",
                    "serviceHost"));

    private CanonicalText() {
    }

    static String of(Object value) {
        StringBuilder out = new StringBuilder(512);
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value instanceof Record record) {
            appendRecord(out, record);
        } else if (value instanceof Optional<?> optional) {
            if (optional.isPresent()) {
                out.append("Optional[");
                append(out, optional.get());
                out.append(']');
            } else {
                out.append("Optional.empty");
            }
        } else if (value instanceof OptionalInt optional) {
            out.append(optional);
        } else if (value instanceof Collection<?> items) {
            out.append('[');
            String separator = "";
            for (Object item : items) {
                out.append(separator);
                append(out, item);
                separator = ", ";
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String separator = "";
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(separator);
                append(out, entry.getKey());
                out.append('=');
                append(out, entry.getValue());
                separator = ", ";
            }
            out.append('}');
        } else {
            out.append(value);
        }
    }

    private static void appendRecord(StringBuilder out, Record record) {
        out.append(record.getClass().getSimpleName()).append('[');
        String separator = "";
        Set<String> omittable = OMITTED_WHEN_EMPTY.getOrDefault(record.getClass(), Set.of());
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = valueOf(component, record);
            if (omittable.contains(component.getName()) && isEmpty(value)) {
                continue;
            }
            out.append(separator).append(component.getName()).append('=');
            append(out, value);
            separator = ", ";
        }
        out.append(']');
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Optional<?> o && o.isEmpty() || value instanceof Collection<?> c && c.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty() || value instanceof Enum<?> e && e.ordinal() == 0;
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), e);
        }
    }
}
