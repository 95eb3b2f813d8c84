package dev.svcctl.host;

import java.nio.file.Path;

/**
 * Where the shared host and the units that use it meet. The log FIFOs are created and held open by systemd (a socket
 * unit per stream with {@code ListenFIFO=}); the program writes to them, the host's router reads them.
 */
public final class HostPaths {
    /** The unit of the shared host, in the system and in each user's service manager. */
    public static final String HOST_UNIT = "svcctl-host.service";

    /** A program's output stream. */
    public enum Stream {
        STDOUT("stdout"), STDERR("stderr");

        private final String key;

        Stream(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private HostPaths() {
    }

    /**
     * Whether a service of this name would take the name of one of the host's own units ({@code svcctl-host.service},
     * the {@code svcctl-log-*} units of the services it serves): such a name is refused, so that no install or
     * uninstall of a service ever writes, stops or removes the host's units.
     */
    public static boolean reserved(String name) {
        return name.equals("svcctl-host") || name.startsWith("svcctl-log-");
    }

    /** The FIFO of one stream of service NAME under the runtime directory ({@code SvcctlPaths.runtimeDir()}). */
    public static Path logFifo(Path runtimeDir, String name, Stream stream) {
        return runtimeDir.resolve("log").resolve(name + "." + stream.key());
    }

    /** The socket unit that creates and holds that FIFO. */
    public static String logSocketUnit(String name, Stream stream) {
        return "svcctl-log-" + name + "-" + stream.key() + ".socket";
    }

    /**
     * The wake unit of service NAME's socket units (their {@code Service=}): a oneshot that stays active and wants
     * the host, so output arriving while the host is down starts the host, and the sockets can start while the host
     * runs (systemd refuses to start a socket unit while the service it triggers is active).
     */
    public static String logWakeUnit(String name) {
        return "svcctl-log-" + name + ".service";
    }
}
