package dev.svcctl.cli;

import com.google.gson.stream.JsonWriter;
import dev.svcctl.backend.ServiceStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** status and list output: an aligned table for people, an array of objects for scripts. */
public final class StatusOutput {
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private StatusOutput() {
    }

    static void json(PrintWriter out, List<ServiceStatus> statuses) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.setIndent("  ");
        json.setSerializeNulls(true);
        json.beginArray();
        for (ServiceStatus s : statuses) {
            object(json, s);
        }
        json.endArray();
        json.flush();
        out.println();
    }

    /**
     * One service as a JSON object: the one shape of a status, for {@code status --json}, {@code list --json} and
     * {@code svcctl serve}'s API alike. The writer must serialize nulls.
     */
    public static void object(JsonWriter json, ServiceStatus s) throws IOException {
        json.beginObject();
        json.name("name").value(s.name());
        json.name("backend").value(s.backend());
        json.name("state").value(s.state().label());
        json.name("pid");
        if (s.pid().isPresent()) {
            json.value(s.pid().getAsLong());
        } else {
            json.nullValue();
        }
        json.name("since").value(s.since().map(Instant::toString).orElse(null));
        json.name("restarts");
        if (s.restarts().isPresent()) {
            json.value(s.restarts().getAsInt());
        } else {
            json.nullValue();
        }
        json.name("lastExit");
        if (s.lastExit().isPresent()) {
            json.beginObject();
            ServiceStatus.LastExit exit = s.lastExit().get();
            if (exit.code().isPresent()) {
                json.name("code").value(exit.code().getAsInt());
            }
            if (exit.signal().isPresent() || exit.code().isEmpty()) {
                json.name("signal").value(exit.signal().orElse(null));
            }
            json.endObject();
        } else {
            json.nullValue();
        }
        json.name("enabled").value(s.enabled().orElse(null));
        json.name("memoryBytes");
        if (s.memoryBytes().isPresent()) {
            json.value(s.memoryBytes().getAsLong());
        } else {
            json.nullValue();
        }
        json.name("drift").value(s.drift());
        json.name("supervisorPid");
        if (s.supervisorPid().isPresent()) {
            json.value(s.supervisorPid().getAsLong());
        } else {
            json.nullValue();
        }
        json.name("health").value(s.health().orElse(null));
        json.name("readiness").value(s.readiness().orElse(null));
        json.endObject();
    }

    static void table(PrintWriter out, List<ServiceStatus> statuses, Instant now) {
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
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
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
