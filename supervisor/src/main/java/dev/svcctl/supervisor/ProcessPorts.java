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

    static Optional<ProcessPort> forOs(String osName, ClassLoader loader) {
        if (osName.toLowerCase(Locale.ROOT).contains("windows")) {
            return ServiceLoader.load(ProcessPort.class, loader).findFirst();
        }
        return Optional.of(new PosixProcessPort());
    }

    /** The sd_notify port: {@link PosixNotifyPort} on Linux and macOS, {@link NotifyPort#UNSUPPORTED} elsewhere. */
    public static NotifyPort notifyForCurrentOs() {
        return notifyForOs(System.getProperty("os.name", ""));
    }

    static NotifyPort notifyForOs(String osName) {
        return PosixNotifyPort.forOs(osName).map(NotifyPort.class::cast).orElse(NotifyPort.UNSUPPORTED);
    }
}
