package dev.svcctl.supervisor;

import java.util.Locale;
import java.util.Optional;

/** The {@link ProcessPort} for the OS this JVM runs on, when there is one yet. */
public final class ProcessPorts {
    private ProcessPorts() {
    }

    public static Optional<ProcessPort> forCurrentOs() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("windows")) {
            return Optional.empty();
        }
        return Optional.of(new PosixProcessPort());
    }
}
