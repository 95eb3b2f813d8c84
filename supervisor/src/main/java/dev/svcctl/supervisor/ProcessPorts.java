package dev.svcctl.supervisor;

import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The {@link ProcessPort} for the OS this JVM runs on. POSIX systems use {@link PosixProcessPort}; Windows uses the
 * port its backend module provides (META-INF/services/dev.svcctl.supervisor.ProcessPort), so this module does not
 * depend on the Windows backend; empty when no such module is on the class path.
 */
public final class ProcessPorts {
    private ProcessPorts() {
    }

    public static Optional<ProcessPort> forCurrentOs() {
        return forOs(System.getProperty("os.name", ""), ProcessPorts.class.getClassLoader());
    }

    /**
     * The sd_notify port for this OS: the JNA implementation on Linux and macOS (branch notify12 supplies it),
     * {@link NotifyPort#UNSUPPORTED} elsewhere. Until that lands, unsupported everywhere.
     */
    public static NotifyPort notifyForCurrentOs() {
        return NotifyPort.UNSUPPORTED;
    }

    static Optional<ProcessPort> forOs(String osName, ClassLoader loader) {
        if (osName.toLowerCase(Locale.ROOT).contains("windows")) {
            return ServiceLoader.load(ProcessPort.class, loader).findFirst();
        }
        return Optional.of(new PosixProcessPort());
    }
}
