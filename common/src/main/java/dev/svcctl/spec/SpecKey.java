package dev.svcctl.spec;

/**
 * One key of spec v1, a row of {@link SpecMapping#KEYS}: its dotted path, the kind of value it holds, its default as
 * JSON (null when it has none, or when it is derived from another key), and one line of documentation.
 */
record SpecKey(String path, Type type, String defaultJson, String doc) {

    /** The kinds of values, as the writer spells them. */
    enum Type {
        /** A map of keys, written only when one of the keys under it has a value. */
        SECTION,
        /** A double-quoted string. */
        TEXT,
        TEXT_LIST,
        /** A map of names to strings (env). */
        TEXT_MAP,
        /** Lower case with '-' for '_'. */
        ENUM,
        /** Upper case, as the model names it. */
        SIGNAL,
        DURATION,
        INTEGER,
        INTEGER_LIST,
        /** In bytes. */
        SIZE,
        /** {@code N%} of one CPU. */
        PERCENT,
        BOOLEAN,
        /** systemd directives: name to a list of one-line values. */
        DIRECTIVES,
        /** A tree of plist values: strings, numbers, booleans, lists and maps. */
        PLIST,
        /** Exit codes 0-255 (written as strings) to restart | stop. */
        EXIT_ACTIONS,
        /** An enum word, or a list of maps of plain values (platform.windows.failureActions). */
        ENUM_OR_LIST
    }

    /** The last part of the path, as written in the file. */
    String name() {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** How deep the key is written: 0 for a top-level key. */
    int depth() {
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.') {
                depth++;
            }
        }
        return depth;
    }

    /** The path of the map it is written in; empty for a top-level key. */
    String parent() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }
}
