package dev.svcctl.spec;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the values of one YAML node tree, knowing nothing of the spec's keys: typed values (strings, numbers,
 * booleans, enums, durations, sizes, signals, lists, maps, plist trees) out of the nodes, every problem collected as
 * an error at the node's {@code FILE:LINE:COL}, and where each key path was written. A value that is wrong is
 * reported and answered as absent, so that the walk can go on and find the rest.
 */
final class NodeReader {
    /** What a misspelt key looks like; any other key is shown cut to its first {@link #SHOWN_KEY_CODE_POINTS}. */
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");
    private static final int SHOWN_KEY_CODE_POINTS = 3;
    /** Visits of nodes; bounds the work an alias-heavy file can cause. */
    private static final int NODE_BUDGET = 50_000;

    private final String file;
    private final List<SpecError> errors = new ArrayList<>();
    private final Map<String, SourceLocation> locations = new HashMap<>();
    private int visits;
    private boolean budgetExceeded;

    NodeReader(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    List<SpecError> errors() {
        return errors;
    }

    Map<String, SourceLocation> locations() {
        return locations;
    }

    // The value readers, one instance each (every method reference is linked separately, ~0.3 ms a short run).
    static final ValueReader<String> STRING = MapNode::string;
    static final ValueReader<String> LENIENT_STRING = MapNode::lenientString;
    static final ValueReader<Duration> DURATION = MapNode::durationValue;
    static final ValueReader<Signal> SIGNAL = MapNode::signalValue;

    MapNode object(Node node, String path, Set<String> keys) {
        if (!(node instanceof MappingNode map)) {
            error(node, path, path.isEmpty() ? "the spec must be a map of keys (name: ..., exec: ...)"
                    : path + " must be a map", null);
            return null;
        }
        return new MapNode(map, path, keys);
    }

    /**
     * A key as an error shows it: whole when it looks like a key name, else only its first characters, so that a
     * line of a file that is no spec (a password hash followed by a colon) is not printed.
     */
    static String shownKey(String key) {
        if (KEY_LIKE.matcher(key).matches() || key.codePointCount(0, key.length()) <= SHOWN_KEY_CODE_POINTS) {
            return key;
        }
        return key.substring(0, key.offsetByCodePoints(0, SHOWN_KEY_CODE_POINTS)) + "…";
    }

    private boolean visit(Node node) {
        if (++visits > NODE_BUDGET) {
            if (!budgetExceeded) {
                budgetExceeded = true;
                error(node, "the spec expands to more than " + NODE_BUDGET + " values",
                        "aliases that repeat lists or maps multiply; write the values out");
            }
            return false;
        }
        return true;
    }

    void error(Node node, String message, String hint) {
        error(node, null, message, hint);
    }

    /** An error about the key path {@code key}, located at {@code node}. */
    void error(Node node, String key, String message, String hint) {
        errors.add(SpecError.at(location(node), key, message, hint));
    }

    private SourceLocation location(Node node) {
        Mark mark = node == null ? null : node.getStartMark();
        return mark == null ? new SourceLocation(file, 1, 1)
                : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (Tag.NULL.equals(tag)) {
            return "nothing (null)";
        }
        if (Tag.INT.equals(tag)) {
            return "a number";
        }
        if (Tag.FLOAT.equals(tag)) {
            return "a decimal number";
        }
        if (Tag.BOOL.equals(tag)) {
            return "a boolean";
        }
        if (Tag.TIMESTAMP.equals(tag)) {
            return "a date";
        }
        return Tag.STR.equals(tag) ? "a string" : "a value tagged " + shortTag(tag);
    }

    private static String shortTag(Tag tag) {
        return tag.getValue().startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length())
                : tag.getValue();
    }

    /** The tags YAML gives plain scalars by itself; an explicit other tag (!!binary, !secret) is not spec text. */
    private static boolean isPlainScalarTag(Tag tag) {
        return Tag.STR.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag)
                || Tag.TIMESTAMP.equals(tag);
    }

    /** Reads one value node into a Java value, reporting an error and answering null when it does not fit. */
    @FunctionalInterface
    interface ValueReader<T> {
        T read(MapNode map, String path, Node node);
    }

    /** One YAML map of the file, with its allowed keys (null: any key, the map's keys are the user's). */
    final class MapNode {
        private final String path;
        private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        private final Node node;

        MapNode(MappingNode map, String path, Set<String> keys) {
            this.node = map;
            this.path = path;
            locations.putIfAbsent(path, location(map)); // a nested map is located by its key
            for (NodeTuple tuple : map.getValue()) {
                if (!visit(tuple.getKeyNode())) {
                    return;
                }
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    NodeReader.this.error(tuple.getKeyNode(), path, (path.isEmpty() ? "" : path + ": ") + "keys must be plain names", null);
                    continue;
                }
                String key = keyNode.getValue();
                if (entries.containsKey(key)) {
                    NodeReader.this.error(keyNode, child(path, shownKey(key)), "duplicate key '" + child(path, shownKey(key)) + "'",
                            "each key may appear once");
                    continue;
                }
                if (keys != null && !keys.contains(key)) {
                    String suggestion = Suggestions.closest(key, keys);
                    NodeReader.this.error(keyNode, child(path, shownKey(key)), "unknown key '" + child(path, shownKey(key)) + "'",
                            suggestion != null ? "did you mean '" + suggestion + "'?"
                                    : "allowed here: " + String.join(", ", new java.util.TreeSet<>(keys)));
                    continue;
                }
                entries.put(key, tuple);
                locations.put(child(path, key), location(keyNode));
            }
        }

        String path() {
            return path;
        }

        /** The keys written, in file order, each once; keys that are not allowed or repeated are left out. */
        Set<String> keys() {
            return entries.keySet();
        }

        Node keyNode(String key) {
            return entries.get(key).getKeyNode();
        }

        Node valueNode(String key) {
            return entries.get(key).getValueNode();
        }

        boolean has(String key) {
            NodeTuple t = entries.get(key);
            return t != null && !Tag.NULL.equals(t.getValueNode().getTag());
        }

        void error(String key, String message, String hint) {
            NodeTuple t = entries.get(key);
            String at = key.isEmpty() ? path : child(path, key);
            NodeReader.this.error(t == null ? node : t.getValueNode(), at, at + ": " + message, hint);
        }

        private Node value(String key) {
            NodeTuple t = entries.get(key);
            if (t == null) {
                return null;
            }
            Node v = t.getValueNode();
            if (Tag.NULL.equals(v.getTag())) {
                NodeReader.this.error(v, child(path, key), child(path, key) + " has no value", "give a value or remove the key");
                return null;
            }
            return visit(v) ? v : null;
        }

        <T> T required(String key, ValueReader<T> reader, ValueCheck check, String example) {
            if (!entries.containsKey(key)) {
                NodeReader.this.error(node, child(path, key), "missing required key '" + child(path, key) + "'",
                        "add e.g. '" + key + ": " + example + "'");
                return null;
            }
            return optional(key, reader, check).orElse(null);
        }

        <T> Optional<T> optional(String key, ValueReader<T> reader, ValueCheck check) {
            Node v = value(key);
            if (v == null) {
                return Optional.empty();
            }
            T value = reader.read(this, child(path, key), v);
            if (value instanceof String s) {
                String problem = check.problem(s);
                if (problem != null) {
                    NodeReader.this.error(v, child(path, key), child(path, key) + ": " + problem, null);
                    return Optional.empty();
                }
            }
            return Optional.ofNullable(value);
        }

        /** The map at {@code key}, whose keys are the user's, or null when it is absent or no map. */
        MapNode openMap(String key) {
            Node v = value(key);
            return v == null ? null : NodeReader.this.object(v, child(path, key), null);
        }

        Optional<MapNode> object(String key, Set<String> keys) {
            Node v = value(key);
            return v == null ? Optional.empty() : Optional.ofNullable(NodeReader.this.object(v, child(path, key), keys));
        }

        /** A list, or a single value written without the brackets as a list of one. */
        <T> List<T> listOrOne(String key, ValueReader<T> reader, ValueCheck check) {
            Node v = value(key);
            if (v == null || v instanceof SequenceNode) {
                return list(key, reader, check);
            }
            Optional<T> one = optional(key, reader, check);
            return one.isPresent() ? List.of(one.get()) : List.of();
        }

        <T> List<T> list(String key, ValueReader<T> reader, ValueCheck check) {
            Node v = value(key);
            if (v == null) {
                return List.of();
            }
            String listPath = child(path, key);
            if (!(v instanceof SequenceNode seq)) {
                NodeReader.this.error(v, listPath, listPath + " must be a list, not " + describe(v),
                        "write it as [a, b] or as lines starting with '- '");
                return List.of();
            }
            List<T> out = new ArrayList<>();
            int i = 0;
            for (Node item : seq.getValue()) {
                String itemPath = listPath + "[" + i++ + "]";
                if (!visit(item)) {
                    break;
                }
                locations.put(itemPath, location(item));
                T value = reader.read(this, itemPath, item);
                if (value instanceof String s && check.problem(s) != null) {
                    NodeReader.this.error(item, itemPath, itemPath + ": " + check.problem(s), null);
                } else if (value != null) {
                    out.add(value);
                }
            }
            return out;
        }

        Map<String, Object> plist(String key) {
            Node v = value(key);
            if (v == null) {
                return Map.of();
            }
            Object value = plistValue(child(path, key), v);
            if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                return typed;
            }
            if (value != null) {
                NodeReader.this.error(v, child(path, key), child(path, key) + " must be a map of plist keys", null);
            }
            return Map.of();
        }

        private Object plistValue(String at, Node v) {
            if (!visit(v)) {
                return null;
            }
            locations.put(at, location(v));
            if (v instanceof MappingNode map) {
                Map<String, Object> out = new LinkedHashMap<>();
                Set<String> seen = new java.util.HashSet<>();
                for (NodeTuple t : map.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        NodeReader.this.error(t.getKeyNode(), at, at + ": plist keys must be strings", null);
                        continue;
                    }
                    if (!seen.add(k.getValue())) {
                        NodeReader.this.error(k, at + "." + k.getValue(), "duplicate key '" + at + "." + k.getValue() + "'",
                                "each key may appear once");
                        continue;
                    }
                    Object value = plistValue(at + "." + k.getValue(), t.getValueNode());
                    if (value != null) {
                        out.put(k.getValue(), value);
                    }
                }
                return java.util.Collections.unmodifiableMap(out);
            }
            if (v instanceof SequenceNode seq) {
                List<Object> out = new ArrayList<>();
                int i = 0;
                for (Node item : seq.getValue()) {
                    Object value = plistValue(at + "[" + i++ + "]", item);
                    if (value != null) {
                        out.add(value);
                    }
                }
                return java.util.Collections.unmodifiableList(out);
            }
            ScalarNode s = (ScalarNode) v;
            Tag tag = s.getTag();
            try {
                if (Tag.INT.equals(tag)) {
                    return YamlNumbers.integer(s.getValue()).longValueExact();
                }
                if (Tag.FLOAT.equals(tag)) {
                    return Double.parseDouble(s.getValue().replace("_", ""));
                }
            } catch (NumberFormatException | ArithmeticException e) {
                NodeReader.this.error(v, at, at + ": '" + s.getValue() + "' is not a number plist can hold", null);
                return null;
            }
            if (Tag.BOOL.equals(tag)) {
                return bool(s.getValue());
            }
            if (Tag.NULL.equals(tag)) {
                NodeReader.this.error(v, at, at + " has no value", "plist has no null; remove the key");
                return null;
            }
            return text(at, s);
        }

        String string(String at, Node v) {
            if (v instanceof ScalarNode s && !isPlainScalarTag(s.getTag())) {
                return text(at, s);
            }
            if (!(v instanceof ScalarNode s) || !Tag.STR.equals(s.getTag())) {
                NodeReader.this.error(v, at, at + " must be a string, not " + describe(v),
                        v instanceof ScalarNode ? "put it in quotes" : null);
                return null;
            }
            return text(at, s);
        }

        /** Numbers and booleans are taken exactly as written ({@code 8080}, {@code 1.10}, {@code yes}). */
        String lenientString(String at, Node v) {
            if (!(v instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
                NodeReader.this.error(v, at, at + " must be a string, not " + describe(v),
                        v instanceof ScalarNode ? "write \"\" for an empty string" : null);
                return null;
            }
            return text(at, s);
        }

        private String text(String at, ScalarNode s) {
            if (!isPlainScalarTag(s.getTag())) {
                NodeReader.this.error(s, at, at + ": the YAML tag " + shortTag(s.getTag()) + " is not supported",
                        "remove the tag; a spec holds plain values");
                return null;
            }
            String value = s.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == 0) {
                    NodeReader.this.error(s, at, at + " contains a NUL character, which no platform can pass to a"
                            + " program", null);
                    return null;
                }
                if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1)))) {
                    if (Character.isHighSurrogate(c) || i == 0 || !Character.isHighSurrogate(value.charAt(i - 1))) {
                        NodeReader.this.error(s, at, at + " contains a lone UTF-16 surrogate, which is not a character",
                                "write the character itself, or its \\U escape");
                        return null;
                    }
                }
            }
            return value;
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
            Node v = value(key);
            if (v == null) {
                return fallback;
            }
            E e = enumOf(child(path, key), v, type);
            return e == null ? fallback : e;
        }

        <E extends Enum<E>> E enumOf(String at, Node v, Class<E> type) {
            Map<String, E> byKey = new LinkedHashMap<>();
            for (E e : type.getEnumConstants()) {
                byKey.put(e instanceof SpecWord w ? w.key() : e.name().toLowerCase(Locale.ROOT).replace('_', '-'), e);
            }
            String text = v instanceof ScalarNode s ? s.getValue() : null;
            if (text == null || !byKey.containsKey(text)) {
                String suggestion = text == null ? null : Suggestions.closest(text, byKey.keySet());
                NodeReader.this.error(v, at, at + ": " + (text == null ? describe(v) : "'" + text + "'")
                        + " is not one of " + String.join(", ", byKey.keySet()),
                        suggestion == null ? null : "did you mean '" + suggestion + "'?");
                return null;
            }
            return byKey.get(text);
        }

        Signal signal(String key, Signal fallback) {
            Node v = value(key);
            if (v == null) {
                return fallback;
            }
            Signal s = signalValue(child(path, key), v);
            return s == null ? fallback : s;
        }

        Signal signalValue(String at, Node v) {
            String text = v instanceof ScalarNode s ? s.getValue() : "";
            String bare = text.startsWith("SIG") ? text.substring(3) : text;
            for (Signal s : Signal.values()) {
                if (s.name().equals(bare)) {
                    return s;
                }
            }
            NodeReader.this.error(v, at, at + ": '" + text + "' is not a signal svcctl supports",
                    "one of TERM, INT, HUP, QUIT, KILL, USR1, USR2");
            return null;
        }

        Duration duration(String key, Duration fallback) {
            return optional(key, DURATION, ValueCheck.NONE).orElse(fallback);
        }

        Duration durationValue(String at, Node v) {
            if (!(v instanceof ScalarNode s) || !(Tag.STR.equals(s.getTag()) || Tag.INT.equals(s.getTag()))) {
                NodeReader.this.error(v, at, at + " must be a duration, not " + describe(v), "e.g. 5s or 1m30s");
                return null;
            }
            if (Tag.INT.equals(s.getTag())) {
                if (YamlNumbers.isZero(s.getValue())) {
                    return Duration.ZERO;
                }
                NodeReader.this.error(v, at, at + ": '" + s.getValue() + "' has no unit", "e.g. " + s.getValue() + "s");
                return null;
            }
            try {
                return Durations.parse(s.getValue());
            } catch (IllegalArgumentException e) {
                NodeReader.this.error(v, at, at + ": " + e.getMessage(), null);
                return null;
            }
        }

        OptionalLong size(String key) {
            Node v = value(key);
            if (v == null) {
                return OptionalLong.empty();
            }
            String at = child(path, key);
            if (!(v instanceof ScalarNode s) || !(Tag.STR.equals(s.getTag()) || Tag.INT.equals(s.getTag()))) {
                NodeReader.this.error(v, at, at + " must be a size, not " + describe(v), "e.g. 10MB");
                return OptionalLong.empty();
            }
            try {
                long bytes = Tag.INT.equals(s.getTag()) ? bytes(s.getValue()) : Sizes.parse(s.getValue());
                if (bytes <= 0) {
                    NodeReader.this.error(v, at, at + " must be larger than 0", null);
                    return OptionalLong.empty();
                }
                return OptionalLong.of(bytes);
            } catch (IllegalArgumentException e) {
                NodeReader.this.error(v, at, at + ": " + e.getMessage(), null);
                return OptionalLong.empty();
            }
        }

        OptionalInt integer(String key, int min, int max) {
            Node v = value(key);
            if (v == null) {
                return OptionalInt.empty();
            }
            Integer i = intValue(child(path, key), v, min, max);
            return i == null ? OptionalInt.empty() : OptionalInt.of(i);
        }

        Integer intValue(String at, Node v, int min, int max) {
            if (!(v instanceof ScalarNode s) || !Tag.INT.equals(s.getTag())) {
                NodeReader.this.error(v, at, at + " must be a whole number, not " + describe(v), null);
                return null;
            }
            BigInteger value;
            try {
                value = YamlNumbers.integer(s.getValue());
            } catch (NumberFormatException e) {
                NodeReader.this.error(v, at, at + ": '" + s.getValue() + "' is not a whole number", null);
                return null;
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                NodeReader.this.error(v, at, at + ": " + s.getValue() + " is out of range", "allowed: " + min + " to " + max);
                return null;
            }
            return value.intValueExact();
        }

        /** A size written as a bare YAML integer: bytes. */
        private long bytes(String text) {
            try {
                return YamlNumbers.integer(text).longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is too large a size");
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a size (examples: 512KB, 10MB, 1GB)");
            }
        }

        boolean bool(String key, boolean fallback) {
            Node v = value(key);
            if (v == null) {
                return fallback;
            }
            if (!(v instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag())) {
                NodeReader.this.error(v, child(path, key), child(path, key) + " must be true or false, not " + describe(v), null);
                return fallback;
            }
            return bool(s.getValue());
        }

        private boolean bool(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "y" -> true;
                default -> false;
            };
        }
    }
}
