package dev.svcctl.launchd;

import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.spec.LimitsSpec;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Signal;
import dev.svcctl.spec.Startup;
import dev.svcctl.spec.StopMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a checked spec into the text of its launchd plist. Pure: the user's home is passed in (launchd does not
 * expand {@code ~}, so agents' default log paths are spelt out).
 *
 * <p>Layout: XML declaration, DOCTYPE, then the ownership marker comment (third line), an info comment svcctl reads
 * back (service name, reload signal), and the {@code <plist>}. The marker's body hash covers every line but its own.
 */
final class PlistRenderer {
    /** Extra time launchd grants the svcctl supervisor beyond stop.timeout, so the supervisor's own kill comes first. */
    static final Duration SUPERVISOR_STOP_MARGIN = Duration.ofSeconds(5);
    static final String SUPERVISOR_LOG = "supervisor.log";

    private PlistRenderer() {
    }

    static String render(ServiceSpec spec, Scope scope, String svcctlCommand, String home) {
        boolean supervised = Supervision.bySvcctl(spec);
        Map<String, Object> plist = new LinkedHashMap<>();
        plist.put("Label", LaunchdLayout.label(spec));
        if (supervised) {
            List<String> argv = new ArrayList<>(List.of(svcctlCommand, "run", "--name", spec.name()));
            if (scope == Scope.USER) {
                argv.add("--user");
            }
            plist.put("ProgramArguments", argv);
        } else {
            plist.put("ProgramArguments", spec.argv());
        }
        spec.workingDirectory().ifPresent(d -> plist.put("WorkingDirectory", d));
        if (!supervised && !spec.env().isEmpty()) {
            plist.put("EnvironmentVariables", new LinkedHashMap<>(spec.env()));
        }
        if (scope == Scope.SYSTEM) {
            spec.user().ifPresent(u -> plist.put("UserName", u));
            spec.group().ifPresent(g -> plist.put("GroupName", g));
        }
        plist.put("RunAtLoad", spec.startup() == Startup.AUTO || spec.startup() == Startup.DELAYED);
        if (spec.startup() == Startup.MANUAL || spec.startup() == Startup.DISABLED) {
            // launchd loads every enabled plist of its directories at boot, and KeepAlive then starts the job
            // whatever RunAtLoad says: a manual service stays disabled while it is not started by svcctl.
            plist.put("Disabled", true);
        }
        plist.put("KeepAlive", supervised ? Map.of("Crashed", true) : switch (spec.restart().policy()) {
            case ALWAYS -> true;
            case ON_FAILURE -> Map.of("SuccessfulExit", false);
            case NEVER -> false;
        });
        plist.put("ThrottleInterval", seconds(spec.restart().delay()));
        plist.put("ExitTimeOut", seconds(supervised
                ? spec.stop().timeout().plus(SUPERVISOR_STOP_MARGIN) : spec.stop().timeout()));
        if (spec.stop().mode() == StopMode.PROCESS) {
            // launchd kills the job's process group once its main process has ended, unless told to abandon it.
            plist.put("AbandonProcessGroup", true);
        }
        String logDir = LaunchdLayout.logDir(spec, scope, home);
        if (supervised) {
            plist.put("StandardOutPath", logDir + "/" + SUPERVISOR_LOG);
            plist.put("StandardErrorPath", logDir + "/" + SUPERVISOR_LOG);
        } else {
            output(spec.logs().stdout(), logDir + "/stdout.log").ifPresent(p -> plist.put("StandardOutPath", p));
            output(spec.logs().stderr(), logDir + "/stderr.log").ifPresent(p -> plist.put("StandardErrorPath", p));
        }
        Map<String, Object> limits = limits(spec.limits());
        if (!limits.isEmpty()) {
            plist.put("SoftResourceLimits", limits);
            plist.put("HardResourceLimits", limits);
        }
        spec.priority().ifPresent(p -> plist.put("Nice", (long) p));
        plist.putAll(spec.platform().launchd().plist());

        Optional<Signal> reload = supervised ? Optional.of(Signal.HUP) : spec.reloadSignal();
        String body = PlistXml.HEADER
                + "<!-- " + new PlistInfo(spec.name(), reload, spec.startup()).text() + " -->\n"
                + PlistXml.document(plist);
        return insertMarker(ManagedMarker.of(spec.fingerprint(), body), body);
    }

    /** The marker goes after the XML declaration and DOCTYPE, which XML requires first. */
    static String insertMarker(ManagedMarker marker, String body) {
        int afterDoctype = body.indexOf('\n', body.indexOf("<!DOCTYPE")) + 1;
        return body.substring(0, afterDoctype) + "<!-- " + marker.text()
                + " written by svcctl; edits are overwritten -->\n" + body.substring(afterDoctype);
    }

    /** Whether either stream is written to a file by launchd (or by the supervisor). */
    static boolean usesFiles(LogsSpec logs) {
        return logs.usesFiles(LogTarget.FILE);
    }

    private static Optional<String> output(LogTarget target, String file) {
        return switch (LogsSpec.resolve(target, LogTarget.FILE)) {
            case DISCARD -> Optional.of("/dev/null");
            // launchd gives a job /dev/null when no path is set: that is what the job inherits from launchd.
            case INHERIT -> Optional.empty();
            default -> Optional.of(file);
        };
    }

    private static Map<String, Object> limits(LimitsSpec limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        limits.openFiles().ifPresent(n -> out.put("NumberOfFiles", n));
        limits.processes().ifPresent(n -> out.put("NumberOfProcesses", n));
        return out;
    }

    /** launchd counts whole seconds; a fraction is rounded up so that a pause is never shortened. */
    static long seconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }
}
