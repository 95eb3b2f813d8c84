package dev.svcctl.cli;

import dev.svcctl.backend.ServiceActions;
import dev.svcctl.backend.ServiceStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** status and list output: an aligned table for people, an array of objects for scripts. */
public final class StatusOutput {
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private static final int STATE_COLUMN = 1;

    private StatusOutput() {
    }

    /** {@code {"version": 1, "services": [...]}}: status and list with --json. */
    public static void json(PrintWriter out, List<ServiceStatus> statuses) {
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceStatus s : statuses) {
            services.add(toData(s));
        }
        Map<String, Object> document = Json.object();
        document.put("services", services);
        Json.print(out, document);
    }

    /** One service's status as data: the objects of status --json, and the status after start/stop/... --json. */
    static Map<String, Object> toData(ServiceStatus s) {
        Map<String, Object> o = Json.object();
        o.put("name", s.name());
        o.put("backend", s.backend());
        o.put("state", s.state().label());
        o.put("pid", s.pid());
        o.put("since", s.since().map(Instant::toString));
        o.put("restarts", s.restarts());
        Map<String, Object> lastExit = null;
        if (s.lastExit().isPresent()) {
            ServiceStatus.LastExit exit = s.lastExit().get();
            lastExit = Json.object();
            if (exit.code().isPresent()) {
                lastExit.put("code", exit.code().getAsInt());
            }
            if (exit.signal().isPresent() || exit.code().isEmpty()) {
                lastExit.put("signal", exit.signal());
            }
        }
        o.put("lastExit", lastExit);
        o.put("enabled", s.enabled());
        o.put("memoryBytes", s.memoryBytes());
        o.put("drift", s.drift());
        o.put("supervisorPid", s.supervisorPid());
        o.put("health", s.health());
        o.put("readiness", s.readiness());
        return o;
    }

    /** What a verb did to one service, as data: {@code {name, action, changed, status}}, for the CLI and serve. */
    static Map<String, Object> toData(ServiceActions.Result r) {
        Map<String, Object> o = Json.object();
        o.put("name", r.name());
        o.put("action", r.action().verb());
        o.put("changed", r.changed());
        o.put("status", toData(r.status()));
        return o;
    }

    /** One service's status as JSON text: svcctl serve's {@code GET /v1/services/NAME}. */
    public static String text(ServiceStatus s) {
        return Json.text(toData(s));
    }

    /** What a verb did as JSON text: svcctl serve's {@code POST /v1/services/NAME/ACTION}. */
    public static String text(ServiceActions.Result r) {
        return Json.text(toData(r));
    }

    /** The table for people, without colors. */
    static void table(PrintWriter out, List<ServiceStatus> statuses, Instant now) {
        table(out, statuses, now, false);
    }

    /** The table for people; {@code color}: the STATE column colored by state (a terminal, see {@link Terminal}). */
    static void table(PrintWriter out, List<ServiceStatus> statuses, Instant now, boolean color) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "STATE", "PID", "SINCE", "RESTARTS", "LAST EXIT", "HEALTH", "READY", "ENABLED",
            "MEMORY", "DRIFT"});
        for (ServiceStatus s : statuses) {
            rows.add(new String[] {
                s.name(),
                s.state().label(),
                s.pid().isPresent() ? Long.toString(s.pid().getAsLong()) : "-",
                s.since().map(t -> SINCE.format(t) + " (" + ago(Duration.between(t, now)) + ")").orElse("-"),
                s.restarts().isPresent() ? Integer.toString(s.restarts().getAsInt()) : "-",
                s.lastExit().map(StatusOutput::lastExit).orElse("-"),
                s.health().orElse("-"),
                s.readiness().orElse("-"),
                s.enabled().map(e -> e ? "yes" : "no").orElse("-"),
                s.memoryBytes().isPresent() ? size(s.memoryBytes().getAsLong()) : "-",
                s.drift() ? "yes (hand-edited)" : "no"});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]);
                if (color && r > 0 && i == STATE_COLUMN) {
                    // Pad first, then color the text only: escape sequences take no room on the screen.
                    cell = Terminal.colored(statuses.get(r - 1).state(), row[i]) + cell.substring(row[i].length());
                }
                line.append(cell);
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** {@code code 3}, {@code signal KILL}, or {@code code 137 (KILL)} when a supervisor saw both. */
    private static String lastExit(ServiceStatus.LastExit e) {
        if (e.code().isEmpty()) {
            return "signal " + e.signal().orElse("?");
        }
        return "code " + e.code().getAsInt() + e.signal().map(sig -> " (" + sig + ")").orElse("");
    }

    static String ago(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s ago";
        }
        if (s < 7200) {
            return s / 60 + "min ago";
        }
        if (s < 172800) {
            return s / 3600 + "h ago";
        }
        return s / 86400 + "d ago";
    }

    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + "B" : String.format(java.util.Locale.ROOT, "%.1f%s", value, units[unit]);
    }

}
