package dev.svcctl.spec;

import java.util.regex.Pattern;

/**
 * The checks of string values a spec holds (names, paths, accounts, URLs): each answers null when the value is fine,
 * else the message.
 */
enum ValueCheck {
    NONE {
        @Override
        String problem(String v) {
            return null;
        }
    },
    NAME {
        @Override
        String problem(String v) {
            if (!NAME_SYNTAX.matcher(v).matches()) {
                return "'" + v + "' is not a valid service name: use 1 to 80 letters, digits, '_', '.' or '-',"
                        + " starting with a letter or digit, optionally with a systemd instance (name@instance)";
            }
            // A spec is portable: these become device paths or collide on Windows, whatever the backend.
            if (WINDOWS_DEVICE.matcher(v).matches()) {
                return "'" + v + "' is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, also with"
                        + " an extension); a spec must work on every backend, so choose another name";
            }
            return v.endsWith(".") ? "'" + v + "' ends with '.', which Windows drops from names; a spec must"
                    + " work on every backend, so remove it" : null;
        }
    },
    ONE_LINE {
        @Override
        String problem(String v) {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return "must be one line of text without control characters";
                }
            }
            return null;
        }
    },
    ABSOLUTE_PATH {
        @Override
        String problem(String v) {
            return Paths.isAbsolute(v) ? Paths.normalized(v) : "'" + v + "' is not an absolute path";
        }
    },
    ENV_FILE {
        @Override
        String problem(String v) {
            String path = v.startsWith("-") ? v.substring(1) : v;
            // systemd expands EnvironmentFile= as a glob; elsewhere the path is taken literally.
            for (int i = 0; i < path.length(); i++) {
                if ("*?[".indexOf(path.charAt(i)) >= 0) {
                    return "'" + v + "' holds '" + path.charAt(i) + "', which systemd reads as a glob and the"
                            + " supervisor would not; name each file";
                }
            }
            return ABSOLUTE_PATH.problem(path);
        }
    },
    EXEC {
        @Override
        String problem(String v) {
            if (v.isEmpty()) {
                return "exec is empty";
            }
            if (Paths.isAbsolute(v)) {
                return Paths.normalized(v);
            }
            return v.contains("/") || v.contains("\\")
                    ? "'" + v + "' is a relative path; give an absolute path or a bare command name found on PATH"
                    : null;
        }
    },
    ACCOUNT {
        @Override
        String problem(String v) {
            return POSIX_ACCOUNT.matcher(v).matches() ? null : "'" + v + "' is not a valid user or group name";
        }
    },
    ENV_NAME {
        @Override
        String problem(String v) {
            return ENV_NAME_SYNTAX.matcher(v).matches() ? null
                    : "'" + v + "' is not a valid environment variable name (letters, digits and '_', not"
                            + " starting with a digit)";
        }
    },
    LABEL {
        @Override
        String problem(String v) {
            return v.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,200}") ? null
                    : "'" + v + "' is not a valid launchd label (letters, digits, '_', '.', '-')";
        }
    },
    WINDOWS_ACCOUNT {
        @Override
        String problem(String v) {
            boolean control = false;
            for (int i = 0; i < v.length(); i++) {
                control |= v.charAt(i) < 0x20;
            }
            return v.isEmpty() || control ? "'" + v + "' is not a valid account name" : null;
        }
    },
    /** A Windows privilege constant's name, as LookupPrivilegeValue takes it. */
    PRIVILEGE {
        @Override
        String problem(String v) {
            return PRIVILEGE_SYNTAX.matcher(v).matches() ? null
                    : "'" + v + "' is not a Windows privilege name (Se...Privilege, e.g. SeChangeNotifyPrivilege)";
        }
    },
    HTTP_URL {
        @Override
        String problem(String v) {
            try {
                var uri = new java.net.URI(v);
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    return "'" + v + "' is not an http(s) URL with a host";
                }
                return null;
            } catch (java.net.URISyntaxException e) {
                return "'" + v + "' is not a valid URL: " + e.getReason();
            }
        }
    },
    HOST_PORT {
        @Override
        String problem(String v) {
            int colon = v.lastIndexOf(':');
            if (colon <= 0 || !v.substring(colon + 1).matches("\\d{1,5}")
                    || Integer.parseInt(v.substring(colon + 1)) > 65535
                    || Integer.parseInt(v.substring(colon + 1)) == 0) {
                return "'" + v + "' is not HOST:PORT (e.g. 127.0.0.1:5432)";
            }
            return null;
        }
    };

    /** An instance ({@code postgresql@15-main}) is a systemd notion: the other backends refuse the '@'. */
    static final Pattern NAME_SYNTAX = Pattern.compile("(?=.{1,80}$)[A-Za-z0-9][A-Za-z0-9_.-]*(@[A-Za-z0-9_.-]+)?");
    /** Names Windows keeps for devices, in any case, alone or before an extension ({@code nul.txt}). */
    static final Pattern WINDOWS_DEVICE = Pattern.compile("(?i)(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\..*)?");
    static final Pattern PRIVILEGE_SYNTAX = Pattern.compile("Se[A-Za-z]+Privilege");
    static final Pattern ENV_NAME_SYNTAX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern POSIX_ACCOUNT = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?|\\d{1,10}");

    abstract String problem(String v);
}
