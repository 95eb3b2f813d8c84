package dev.svcctl.importer;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** What NSSM and WinSW share: Windows service names, accounts, priority classes and variable names as spec values. */
final class WindowsServiceValues {
    private static final Pattern SPEC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The value of {@code platform.windows.account} when the spec leaves it out. */
    static final String LOCAL_SYSTEM = "LocalSystem";

    private WindowsServiceValues() {
    }

    /**
     * A spec name for the Windows service name {@code raw}: as it is when the spec allows it, else with every other
     * character replaced by '-' (and a warning: the SCM service will have the new name).
     */
    static String specName(String raw, Findings findings, int line, String setting) {
        if (SPEC_NAME.matcher(raw).matches()) {
            return raw;
        }
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < raw.length() && name.length() < 80; i++) {
            char c = raw.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
            name.append(ok ? c : '-');
        }
        while (name.length() > 0 && !Character.isLetterOrDigit(name.charAt(0))) {
            name.deleteCharAt(0);
        }
        String result = name.length() == 0 ? "imported-service" : name.toString();
        findings.warn(line, setting, "the service name '" + raw + "' is not a spec name (letters, digits, '_', '.',"
                + " '-'); imported as '" + result + "', which is also the name the SCM service gets (the old name"
                + " stays the display name unless one is set)");
        return result;
    }

    /** Whether a spec takes {@code path} as an absolute Windows path (drive or UNC). */
    static boolean isAbsolute(String path) {
        return path.matches("(?s)[A-Za-z]:[\\\\/].*") || path.startsWith("\\\\");
    }

    /**
     * {@code path} when a spec can take it for {@code key}, else null with a warning: a path that starts with a
     * reference left unexpanded ({@code %ProgramData%\\x}) is not absolute.
     */
    static String absolutePath(String path, String key, Findings findings, int line, String setting) {
        if (isAbsolute(path)) {
            return path;
        }
        findings.warn(line, setting, "'" + path + "' is not an absolute path svcctl can take for " + key
                + "; not imported: set " + key);
        return null;
    }

    static boolean validEnvName(String name) {
        return ENV_NAME.matcher(name).matches();
    }

    /**
     * The nice value that stands for a Windows priority class: IDLE 19, BELOW_NORMAL 10, NORMAL none, ABOVE_NORMAL -5,
     * HIGH -10, REALTIME -20; {@code name} as NSSM (REALTIME_PRIORITY_CLASS) or WinSW (RealTime) spells it.
     */
    static OptionalInt nice(String name) {
        String key = name.toUpperCase(Locale.ROOT).replace("_PRIORITY_CLASS", "").replace("_", "");
        return switch (key) {
            case "IDLE" -> OptionalInt.of(19);
            case "BELOWNORMAL" -> OptionalInt.of(10);
            case "NORMAL" -> OptionalInt.empty();
            case "ABOVENORMAL" -> OptionalInt.of(-5);
            case "HIGH" -> OptionalInt.of(-10);
            case "REALTIME" -> OptionalInt.of(-20);
            default -> null;
        };
    }

    /** The priority class name for a PROCESS_CREATION_FLAGS constant (NSSM's AppPriority DWORD), or null. */
    static String priorityClass(long constant) {
        return switch ((int) constant) {
            case 0x40 -> "IDLE";
            case 0x4000 -> "BELOW_NORMAL";
            case 0x20 -> "NORMAL";
            case 0x8000 -> "ABOVE_NORMAL";
            case 0x80 -> "HIGH";
            case 0x100 -> "REALTIME";
            default -> null;
        };
    }

    /**
     * The {@code platform.windows.account} value for a service account as the SCM stores it (ObjectName), or null
     * for LocalSystem (the spec's default).
     */
    static String account(String objectName) {
        String lower = objectName.toLowerCase(Locale.ROOT);
        return switch (lower) {
            case "", "localsystem", ".\\localsystem", "nt authority\\system" -> null;
            case "nt authority\\localservice", "localservice" -> "LocalService";
            case "nt authority\\networkservice", "networkservice" -> "NetworkService";
            default -> objectName;
        };
    }

    /** Whether the account needs a password at install (not a built-in, virtual or gMSA account). */
    static boolean needsPassword(String account) {
        if (account == null) {
            return false;
        }
        String lower = account.toLowerCase(Locale.ROOT);
        return !(lower.equals("localservice") || lower.equals("networkservice") || lower.startsWith("nt service\\")
                || account.endsWith("$"));
    }
}
