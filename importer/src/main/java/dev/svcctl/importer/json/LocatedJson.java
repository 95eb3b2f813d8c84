package dev.svcctl.importer.json;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON document whose every value knows the line it starts on (an object member: the line of its key), so that
 * warnings about a JSON file can say {@code FILE:LINE}. Values are {@code Map<String, Node>} (members in order),
 * {@code List<Node>}, String, {@link Number} (as written: a {@code com.google.gson.internal.LazilyParsedNumber}'s
 * text is kept through {@link #numberText}), Boolean, or null.
 */
public final class LocatedJson {
    private static final Pattern LINE = Pattern.compile(" at line (\\d+) ");

    /** One value and its line (1-based). */
    public record Node(Object value, int line) {
        public boolean isString() {
            return value instanceof String;
        }

        @SuppressWarnings("unchecked")
        public Map<String, Node> object() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        public List<Node> array() {
            return (List<Node>) value;
        }
    }

    /** A number as its JSON text, so that 1.50 and 1e3 are not reinterpreted. */
    public record NumberText(String text) {
    }

    /** Why the text is no JSON, with the line. */
    public static final class JsonSyntaxException extends Exception {
        private final int line;

        JsonSyntaxException(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private LocatedJson() {
    }

    public static Node parse(String text) throws JsonSyntaxException {
        JsonReader reader = new JsonReader(new StringReader(text));
        // pm2 evaluates a .json ecosystem file as a JavaScript expression: comments, single quotes, bare keys pass
        reader.setStrictness(com.google.gson.Strictness.LENIENT);
        try {
            Node root = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("more than one JSON value", line(reader));
            }
            return root;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonSyntaxException(e.getMessage(), line(reader));
        }
    }

    private static Node read(JsonReader r) throws IOException {
        JsonToken t = r.peek();
        int line = line(r);
        switch (t) {
            case BEGIN_OBJECT -> {
                Map<String, Node> members = new LinkedHashMap<>();
                r.beginObject();
                while (r.hasNext()) {
                    String name = r.nextName();
                    int keyLine = line(r);
                    Node value = read(r);
                    members.put(name, new Node(value.value(), keyLine)); // a repeated key: the last wins, as in JS
                }
                r.endObject();
                return new Node(members, line);
            }
            case BEGIN_ARRAY -> {
                List<Node> items = new ArrayList<>();
                r.beginArray();
                while (r.hasNext()) {
                    items.add(read(r));
                }
                r.endArray();
                return new Node(items, line);
            }
            case STRING -> {
                return new Node(r.nextString(), line(r));
            }
            case NUMBER -> {
                return new Node(new NumberText(r.nextString()), line(r));
            }
            case BOOLEAN -> {
                return new Node(r.nextBoolean(), line(r));
            }
            case NULL -> {
                r.nextNull();
                return new Node(null, line(r));
            }
            default -> throw new IOException("unexpected " + t);
        }
    }

    private static int line(JsonReader r) {
        Matcher m = LINE.matcher(r.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }
}
