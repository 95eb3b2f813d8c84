package dev.svcctl.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code envFile} entry: an absolute path, optional when written with a leading {@code -} (systemd's
 * {@code EnvironmentFile=-PATH}: a missing file is skipped instead of failing the start).
 */
public record EnvFileEntry(String path, boolean optional) {

    /** The entry as written in a spec and in systemd's {@code EnvironmentFile=}. */
    public String written() {
        return optional ? "-" + path : path;
    }

    public static EnvFileEntry parse(String written) {
        return written.startsWith("-") ? new EnvFileEntry(written.substring(1), true)
                : new EnvFileEntry(written, false);
    }

    static List<EnvFileEntry> parseAll(List<String> written) {
        List<EnvFileEntry> entries = new ArrayList<>(written.size());
        for (String w : written) {
            entries.add(parse(w));
        }
        return entries;
    }

    static List<String> writtenAll(List<EnvFileEntry> entries) {
        List<String> written = new ArrayList<>(entries.size());
        for (EnvFileEntry e : entries) {
            written.add(e.written());
        }
        return written;
    }
}
