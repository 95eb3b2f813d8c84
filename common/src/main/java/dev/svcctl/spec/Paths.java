package dev.svcctl.spec;

/**
 * Path rules that hold whatever the host: a spec may be written for Windows ({@code C:\app\x.exe}) and rendered on
 * Linux, so absolute means absolute in either the POSIX or the Windows sense.
 */
public final class Paths {
    private Paths() {
    }

    public static boolean isAbsolute(String p) {
        return isPosixAbsolute(p) || isWindowsAbsolute(p);
    }

    public static boolean isPosixAbsolute(String p) {
        return p.startsWith("/");
    }

    public static boolean isWindowsAbsolute(String p) {
        return p.matches("(?s)[A-Za-z]:[\\\\/].*") || p.startsWith("\\\\");
    }

    /** Null when the absolute path is in normal form, else what is wrong with it. */
    static String normalized(String p) {
        if (isPosixAbsolute(p)) {
            if (p.length() > 1 && p.endsWith("/")) {
                return "'" + p + "' ends with '/'";
            }
            if (p.contains("//") || p.contains("/./") || p.contains("/../") || p.endsWith("/.")
                    || p.endsWith("/..")) {
                return "'" + p + "' is not in normal form (no '//', '.' or '..' parts)";
            }
        }
        return null;
    }
}
