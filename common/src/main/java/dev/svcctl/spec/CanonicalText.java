package dev.svcctl.spec;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes a tree of records, collections and plain values as text in the shape of the records' own
 * {@code toString()}, but by walking record components: a record's generated {@code toString()} is linked through
 * {@code invokedynamic} and method handles on first use, which costs the CLI tens of milliseconds per record type
 * at start-up, while this walk costs almost nothing.
 */
final class CanonicalText {
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
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = valueOf(component, record);
            if (component.isAnnotationPresent(OmittedWhenEmpty.class) && isEmpty(value)) {
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
