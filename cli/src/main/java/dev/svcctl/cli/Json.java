package dev.svcctl.cli;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes plain Java values (maps, lists, strings, numbers, booleans) with Gson's streaming writer. */
final class Json {
    private Json() {
    }

    static void write(JsonWriter json, Object value) throws IOException {
        if (value == null) {
            json.nullValue();
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
}
