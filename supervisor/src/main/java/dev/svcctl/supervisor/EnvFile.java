package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an {@code envFile}: one {@code KEY=VALUE} per line; blank lines and lines starting with {@code #} or
 * {@code ;} are ignored; an optional leading {@code export } is dropped; a value wholly enclosed in single or double
 * quotes loses the quotes. Everything else is taken literally (no variable expansion), as systemd's
 * EnvironmentFile= does for such files.
 */
final class EnvFile {
    private EnvFile() {
    }

    static Map<String, String> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    static Map<String, String> parse(String text, String fileName) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).stripLeading();
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IOException(fileName + ":" + (i + 1) + ": not a KEY=VALUE line");
            }
            vars.put(key, unquote(line.substring(eq + 1).strip()));
        }
        return vars;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
