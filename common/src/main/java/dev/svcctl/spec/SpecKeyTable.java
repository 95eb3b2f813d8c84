package dev.svcctl.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The spec reader's table of keys ({@link SpecMapping#KEYS}) for readers outside this package: the build's
 * generator of the {@code svcctl-spec(5)} man page, so that the page, the schema and the reader name the same keys.
 */
public final class SpecKeyTable {
    /**
     * One key: its dotted path, the kind of value (as the writer spells it, e.g. {@code duration}, {@code text list}),
     * its default as JSON (null when none), and its one-line documentation; {@code section} when it holds keys.
     */
    public record Key(String path, String kind, String defaultJson, String doc, boolean section) {
    }

    private SpecKeyTable() {
    }

    /** Every key, in the table's order (a section before the keys under it). */
    public static List<Key> keys() {
        List<Key> keys = new ArrayList<>(SpecMapping.KEYS.length);
        for (SpecKey key : SpecMapping.KEYS) {
            keys.add(new Key(key.path(), key.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    key.defaultJson(), key.doc(), key.type() == SpecKey.Type.SECTION));
        }
        return List.copyOf(keys);
    }
}
