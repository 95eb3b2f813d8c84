package dev.svcctl.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The one JSON writer of the CLI: every {@code --json} document (results and errors) is a map of plain Java values
 * (maps, lists, strings, numbers, booleans, null, and the Optionals of them; parsed JSON as it is) written here
 * with Gson's streaming writer, with {@link #VERSION} as its first field. docs/json.md describes each command's document.
 */
final class Json {
    /** The version of the documents' shapes: raised only when a field changes meaning or goes away. */
    static final int VERSION = 1;

    /** Writes parsed JSON back as it was: nulls kept, no HTML escaping. */
    private static final Gson ELEMENTS = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    private Json() {
    }

    /** Prints {@code {"version": 1, ...fields}}, indented, and a newline. */
    static void print(PrintWriter out, Map<String, ?> fields) {
        print(out, fields, "  ");
    }

    /** As {@link #print(PrintWriter, Map)} on one line (JSON Lines: one document per line, for streams). */
    static void printLine(PrintWriter out, Map<String, ?> fields) {
        print(out, fields, "");
    }

    private static void print(PrintWriter out, Map<String, ?> fields, String indent) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", VERSION);
        document.putAll(fields);
        try {
            JsonWriter json = new JsonWriter(out);
            json.setIndent(indent);
            json.setSerializeNulls(true);
            write(json, document);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a PrintWriter does not throw; Gson's interface does
        }
        out.println();
        out.flush();
    }

    /** {@code value} (a part of a document, no version field) as indented JSON text and a newline. */
    static String text(Object value) {
        java.io.StringWriter text = new java.io.StringWriter();
        try {
            JsonWriter json = new JsonWriter(text);
            json.setIndent("  ");
            json.setSerializeNulls(true);
            write(json, value);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not throw; Gson's interface does
        }
        return text + "\n";
    }

    static void write(JsonWriter json, Object value) throws IOException {
        if (value instanceof Optional<?> optional) {
            write(json, optional.orElse(null));
        } else if (value instanceof OptionalInt i) {
            write(json, i.isPresent() ? i.getAsInt() : null);
        } else if (value instanceof OptionalLong l) {
            write(json, l.isPresent() ? l.getAsLong() : null);
        } else if (value == null) {
            json.nullValue();
        } else if (value instanceof JsonElement element) {
            ELEMENTS.toJson(element, json); // JSON svcctl ships (the spec's schema), written as it is

        } else if (value instanceof Map<?, ?> map) {
            json.beginObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                json.name(String.valueOf(e.getKey()));
                write(json, e.getValue());
            }
            json.endObject();
        } else if (value instanceof List<?> list) {
            json.beginArray();
            for (Object item : list) {
                write(json, item);
            }
            json.endArray();
        } else if (value instanceof Boolean b) {
            json.value(b);
        } else if (value instanceof Number n) {
            json.value(n);
        } else {
            json.value(String.valueOf(value));
        }
    }

    /** A map that keeps its fields in the order they are put, nulls included: a document's fields, in order. */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }
}
