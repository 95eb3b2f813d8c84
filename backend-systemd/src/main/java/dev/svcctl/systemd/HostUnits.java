package dev.svcctl.systemd;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.SvcctlPaths;
import dev.svcctl.host.HostDuties.Duty;
import dev.svcctl.host.HostPaths;
import dev.svcctl.host.HostPaths.Stream;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The units of the shared host (docs/design/shared-host.md, option 2; the names are {@link HostPaths}'s), pure:
 * per stream of a host-served service that goes to rotated files a socket unit whose {@code ListenFIFO=} systemd
 * creates and holds open (the program writes to it, the host's router reads it, nothing is lost while the host is
 * down), and the one {@code svcctl-host.service} of each service manager.
 */
final class HostUnits {
    /** Where the FIFOs are, as a system unit names them (the system manager's {@link SvcctlPaths#SYSTEM_RUNTIME}). */
    static final String SYSTEM_FIFO_DIR = HostPaths.logFifo(SvcctlPaths.SYSTEM_RUNTIME, "x", Stream.STDOUT)
            .getParent() + "/";
    /** ... and as a user unit names them: %t is the user manager's $XDG_RUNTIME_DIR, the host's runtime directory. */
    static final String USER_FIFO_DIR = HostPaths.logFifo(Path.of("%t/svcctl"), "x", Stream.STDOUT).getParent() + "/";

    private HostUnits() {
    }

    /** The streams of a host-served service that the host's router copies to rotated files. */
    static List<Stream> routedStreams(ServiceSpec spec) {
        List<Stream> streams = new ArrayList<>();
        if (!Supervision.hostDuties(spec).contains(Duty.ROUTE_LOGS)) {
            return streams;
        }
        if (LogsSpec.resolve(spec.logs().stdout(), LogTarget.JOURNAL) == LogTarget.FILE) {
            streams.add(Stream.STDOUT);
        }
        if (LogsSpec.resolve(spec.logs().stderr(), LogTarget.JOURNAL) == LogTarget.FILE) {
            streams.add(Stream.STDERR);
        }
        return streams;
    }

    /** The FIFO of one stream as its units name it (a user unit's under %t). */
    static String fifoInUnit(String service, Stream stream, boolean user) {
        return (user ? USER_FIFO_DIR : SYSTEM_FIFO_DIR) + service + "." + stream.key();
    }

    /** Whether a StandardOutput=file: value of a unit is one of the host's FIFOs (no log file svcctl reads). */
    static boolean isFifo(String valueInUnit) {
        return valueInUnit.startsWith(SYSTEM_FIFO_DIR) || valueInUnit.startsWith(USER_FIFO_DIR);
    }

    static String socketUnitPath(String service, Stream stream, boolean user) {
        return UnitFiles.unitDir(user) + HostPaths.logSocketUnit(service, stream);
    }

    /** Every socket unit a service may own in a scope, whether or not its spec routes that stream. */
    static List<String> socketUnitPaths(String service, boolean user) {
        List<String> paths = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            paths.add(socketUnitPath(service, stream, user));
        }
        return paths;
    }

    static String wakeUnitPath(String service, boolean user) {
        return UnitFiles.unitDir(user) + HostPaths.logWakeUnit(service);
    }

    /** Every unit of a service's FIFOs it may own in a scope: the socket units, then their wake unit. */
    static List<String> logUnitPaths(String service, boolean user) {
        List<String> paths = socketUnitPaths(service, user);
        paths.add(wakeUnitPath(service, user));
        return paths;
    }

    /** Whether a path is one of the units of a service's FIFOs (a socket unit or their wake unit). */
    static boolean isLogUnit(String path, String service, boolean user) {
        return logUnitPaths(service, user).contains(path);
    }

    /** The socket units of a host-served service, in stream order. */
    static List<String> socketUnits(ServiceSpec spec) {
        List<String> units = new ArrayList<>();
        for (Stream stream : routedStreams(spec)) {
            units.add(HostPaths.logSocketUnit(spec.name(), stream));
        }
        return units;
    }

    /** The socket unit of one routed stream: systemd makes the FIFO (0600, root's or the user's) and keeps it open. */
    static Artifact socketUnit(ServiceSpec spec, Stream stream) {
        boolean user = spec.scope() == Scope.USER;
        String body = "[Unit]\n"
                + "Description=" + stream.key() + " of " + spec.name() + " for the svcctl host's log router\n"
                + "\n[Socket]\n"
                + "ListenFIFO=" + fifoInUnit(spec.name(), stream, user) + "\n"
                + "SocketMode=0600\n"
                + "RemoveOnStop=yes\n"
                // 1 MiB (the default pipe-max-size) instead of 64 KiB: a chatty program keeps writing while the
                // host restarts (a JVM start), and the router moves up to that much per chunk.
                + "PipeSize=1M\n"
                // Data that arrives while the host is down starts the wake unit, which starts the host, never the
                // program. Not the host itself: systemd refuses to start a socket unit while the service it
                // triggers is active, and the host runs for the other services when this one is installed.
                + "Service=" + HostPaths.logWakeUnit(spec.name()) + "\n"
                // Listening from boot on, before the host starts, so a program started later (startup: manual)
                // finds its FIFOs there already.
                + "\n[Install]\n"
                + "WantedBy=sockets.target\n";
        String text = "# " + ManagedMarker.of(spec.fingerprint(), body).text() + " -- written by svcctl: the "
                + stream.key() + " FIFO of " + spec.name() + "; edits are overwritten\n" + body;
        return new Artifact(socketUnitPath(spec.name(), stream, user), text, Artifact.MODE_FILE);
    }

    /**
     * The wake unit of a service's socket units: it starts the host and stays active (RemainAfterExit=), so the
     * sockets do not trigger it again and again (their trigger limit would fail them and close the FIFOs), and the
     * host's Restart=always covers the host's crashes; a stop of the host stops it too (PartOf=), so
     * the sockets listen again. It is never active when a new service's sockets start, so they start while the host
     * runs.
     */
    static Artifact wakeUnit(ServiceSpec spec) {
        boolean user = spec.scope() == Scope.USER;
        String body = "[Unit]\n"
                + "Description=Starts the svcctl host for the output of " + spec.name() + "\n"
                + "Wants=" + HostPaths.HOST_UNIT + "\n"
                // Stopped with the host: its sockets listen again (an active wake unit keeps them from watching
                // their FIFOs), so output that arrives while the host is stopped starts it again.
                + "PartOf=" + HostPaths.HOST_UNIT + "\n"
                + "\n[Service]\n"
                + "Type=oneshot\n"
                + "RemainAfterExit=yes\n"
                + "ExecStart=/bin/true\n";
        String text = "# " + ManagedMarker.of(spec.fingerprint(), body).text() + " -- written by svcctl: starts the"
                + " shared host when output of " + spec.name() + " arrives; edits are overwritten\n" + body;
        return new Artifact(wakeUnitPath(spec.name(), user), text, Artifact.MODE_FILE);
    }

    /**
     * Whether the unit of that name and text is a wake unit (its name alone cannot tell: a service may be called
     * svcctl-log-x); a unit svcctl renders for a service never runs the unquoted /bin/true.
     */
    static boolean isWakeUnit(String unitName, String text) {
        return unitName.startsWith("svcctl-log-") && text.contains("\nExecStart=/bin/true\n");
    }

    static String hostUnitPath(boolean user) {
        return UnitFiles.unitDir(user) + HostPaths.HOST_UNIT;
    }

    /**
     * The one {@code svcctl-host.service} of a service manager, shared by every host-served service: its text
     * depends on the scope and the svcctl launcher only, so every service renders the same file (its marker's
     * fingerprint is the hash of that text, not of any spec).
     */
    static Artifact hostUnit(String svcctlCommand, boolean user) {
        List<String> argv = new ArrayList<>(List.of(svcctlCommand, "host"));
        if (user) {
            argv.add("--user");
        }
        String body = "[Unit]\n"
                + "Description=svcctl host: health checks, readiness probes and rotated file logs of svcctl's"
                + " services\n"
                // systemd restarts it however often it ends: a host that gave up would leave the FIFOs unread.
                + "StartLimitIntervalSec=0\n"
                + "\n[Service]\n"
                + "Type=exec\n"
                + "ExecStart=" + UnitRenderer.execLine(argv) + "\n"
                + "ExecReload=" + UnitRenderer.execLine(List.of("/bin/sh", "-c", "kill -s HUP \"$MAINPID\"")) + "\n"
                + "Restart=always\n"
                + "RestartSec=100ms\n"
                + "SyslogIdentifier=svcctl-host\n";
        String text = "# " + ManagedMarker.of(ManagedMarker.hash(body), body).text() + " -- written by svcctl: the"
                + " shared host of svcctl's services; edits are overwritten\n" + body;
        return new Artifact(hostUnitPath(user), text, Artifact.MODE_FILE);
    }

    /** Whether a path is the host unit's (which belongs to no one service). */
    static boolean isHostUnit(String path) {
        return path.equals(hostUnitPath(false)) || path.equals(hostUnitPath(true));
    }
}
