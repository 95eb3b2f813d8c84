package dev.svcctl.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One NSSM service as either source form describes it, before mapping: the settings by NSSM's names (the registry
 * value names, which {@code nssm set} also takes), each with the line it came from. A dump gives every value as text;
 * a registry export gives numbers for DWORDs and lists for REG_MULTI_SZ.
 */
final class NssmService {
    /** One setting: text, a number or a list of strings, and where it was set. */
    record Setting(String name, String text, Long number, List<String> list, int line) {
        static Setting text(String name, String text, int line) {
            return new Setting(name, text, null, null, line);
        }

        static Setting number(String name, long number, int line) {
            return new Setting(name, null, number, null, line);
        }

        static Setting list(String name, List<String> list, int line) {
            return new Setting(name, null, null, List.copyOf(list), line);
        }

        /** The value as a number, or null when it is not one. */
        Long asNumber() {
            if (number != null) {
                return number;
            }
            if (text == null) {
                return null;
            }
            try {
                String t = text.strip();
                return t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String asText() {
            if (text != null) {
                return text;
            }
            if (number != null) {
                return Long.toString(number);
            }
            return String.join("\n", list);
        }

        List<String> asList() {
            if (list != null) {
                return list;
            }
            String t = asText();
            return t.isEmpty() ? List.of() : List.of(t.split("\r?\n"));
        }
    }

    /** An entry of a list setting (environment, dependencies) with its own line. */
    record Entry(String value, int line) {
    }

    /** A hook: NSSM's event/action (Start/Pre...) and its command line. */
    record Hook(String name, String command, int line) {
    }

    final String name;
    final int line;
    final Map<String, Setting> settings = new LinkedHashMap<>();
    /** AppExit: "default" or an exit code, to the action and its line. */
    final Map<String, Setting> exitActions = new LinkedHashMap<>();
    final Map<String, List<Entry>> lists = new LinkedHashMap<>();
    final List<Hook> hooks = new ArrayList<>();

    NssmService(String name, int line) {
        this.name = name;
        this.line = line;
    }

    void put(Setting setting) {
        settings.put(setting.name().toLowerCase(Locale.ROOT), setting);
    }

    /** Removes and returns a setting, so that what is left at the end is what nothing mapped. */
    Setting take(String name) {
        return settings.remove(name.toLowerCase(Locale.ROOT));
    }

    List<Entry> list(String name) {
        return lists.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
    }

    List<Entry> takeList(String name) {
        List<Entry> l = lists.remove(name.toLowerCase(Locale.ROOT));
        return l == null ? List.of() : l;
    }
}
