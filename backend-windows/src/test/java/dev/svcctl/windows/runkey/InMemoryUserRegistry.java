package dev.svcctl.windows.runkey;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** HKCU as a map: key and value names compared ignoring case, as the registry does; every call recorded. */
public final class InMemoryUserRegistry implements UserRegistry {
    private final Map<String, Map<String, String>> keys = new TreeMap<>();
    private final List<String> calls = new ArrayList<>();

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<String> get(String key, String value) {
        calls.add("get " + key + " " + value);
        Map<String, String> values = keys.get(fold(key));
        return values == null ? Optional.empty() : Optional.ofNullable(values.get(fold(value)));
    }

    @Override
    public void set(String key, String value, String data) {
        calls.add("set " + key + " " + value);
        keys.computeIfAbsent(fold(key), k -> new TreeMap<>()).put(fold(value), data);
    }

    @Override
    public List<String> names(String key) {
        calls.add("names " + key);
        Map<String, String> values = keys.get(fold(key));
        return values == null ? List.of() : List.copyOf(values.keySet());
    }

    @Override
    public void delete(String key, String value) {
        calls.add("delete " + key + " " + value);
        Map<String, String> values = keys.get(fold(key));
        if (values != null) {
            values.remove(fold(value));
        }
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }
}
