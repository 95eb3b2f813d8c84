package dev.svcctl.importer.systemd;

import java.util.Set;

/**
 * systemd's {@code %} specifiers for one unit of the system manager (systemd.unit(5), "Specifiers"). Those that
 * follow from the unit's name ({@code %n %N %p %i %I %j}, and {@code %P %J %f} when unescaping changes nothing) or
 * from the system manager ({@code %t %S %C %L %E %T %V %u %U %g %G %h %s}) are expanded exactly; the ones that
 * depend on the host ({@code %H %m %b %v %a ...}) cannot be, and are reported.
 */
final class Specifiers {
    /** Known to systemd, but only the host knows their value. */
    static final Set<Character> HOST = Set.of('a', 'A', 'b', 'B', 'd', 'H', 'l', 'm', 'M', 'o', 'q', 'v', 'w', 'W',
            'y', 'Y');

    /** The outcome of expanding a value: its text, or why it cannot be expanded exactly (then text is null). */
    record Expanded(String text, String problem, boolean unknown) {
    }

    private final String unitName;
    private final String prefix;
    private final String instance;

    /** For the unit file named {@code unitName} ({@code foo.service}, {@code foo@bar.service}). */
    Specifiers(String unitName) {
        this.unitName = unitName;
        String stem = unitName.substring(0, unitName.lastIndexOf('.'));
        int at = stem.indexOf('@');
        this.prefix = at < 0 ? stem : stem.substring(0, at);
        this.instance = at < 0 ? "" : stem.substring(at + 1);
    }

    Expanded expand(String value) {
        if (value.indexOf('%') < 0) {
            return new Expanded(value, null, false);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%' || i + 1 >= value.length()) {
                out.append(c);
                continue;
            }
            char s = value.charAt(++i);
            String v = value(s);
            if (v == null) {
                if (HOST.contains(s)) {
                    return new Expanded(null, "%" + s + " is a specifier whose value only the host knows", false);
                }
                return new Expanded(null, "%" + s + " is no specifier systemd knows (it ignores the line)", true);
            }
            out.append(v);
        }
        return new Expanded(out.toString(), null, false);
    }

    private String value(char s) {
        return switch (s) {
            case '%' -> "%";
            case 'n' -> unitName;
            case 'N' -> unitName.substring(0, unitName.lastIndexOf('.'));
            case 'p' -> prefix;
            case 'i' -> instance;
            case 'j' -> prefix.substring(prefix.lastIndexOf('-') + 1);
            case 'P' -> plain(prefix) ? prefix : null;
            case 'I' -> plain(instance) ? instance : null;
            case 'J' -> plain(prefix) ? prefix : null;
            case 'f' -> plain(instance.isEmpty() ? prefix : instance) ? "/" + (instance.isEmpty() ? prefix : instance)
                    : null;
            case 't' -> "/run";
            case 'S' -> "/var/lib";
            case 'C' -> "/var/cache";
            case 'L' -> "/var/log";
            case 'E' -> "/etc";
            case 'T' -> "/tmp";
            case 'V' -> "/var/tmp";
            case 'u', 'g' -> "root";
            case 'U', 'G' -> "0";
            case 'h' -> "/root";
            case 's' -> "/bin/sh";
            default -> null;
        };
    }

    /** Unescaping a unit name part ({@code -} is {@code /}, {@code \xNN} a byte) changes nothing. */
    private static boolean plain(String part) {
        return part.indexOf('-') < 0 && part.indexOf('\\') < 0;
    }
}
