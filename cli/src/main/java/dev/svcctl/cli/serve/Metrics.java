package dev.svcctl.cli.serve;

import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Prometheus text exposition (format 0.0.4) of {@code GET /metrics}: one family per metric, HELP and TYPE
 * first, a sample per service where the backend knows the value, then the server's request counters.
 */
final class Metrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private Metrics() {
    }

    static String render(List<ServiceStatus> services, Map<RequestCounters.Key, Long> requests) {
        StringBuilder out = new StringBuilder();
        family(out, "svcctl_service_up", "gauge", "1 when the service runs, else 0.", services,
                s -> Double.valueOf(s.state() == ServiceState.RUNNING ? 1 : 0));
        family(out, "svcctl_service_restarts_total", "counter",
                "Restarts of the service's program since its supervisor or unit started.", services,
                s -> s.restarts().isPresent() ? Double.valueOf(s.restarts().getAsInt()) : null);
        family(out, "svcctl_service_healthy", "gauge",
                "1 when the health check passes, 0 when it fails; absent without a check or verdict.", services,
                s -> s.health().map(h -> h.equals("healthy") ? Double.valueOf(1) : h.equals("unhealthy")
                        ? Double.valueOf(0) : null).orElse(null));
        family(out, "svcctl_service_start_time_seconds", "gauge",
                "When the running service started, in seconds since the epoch; absent when it does not run.",
                services, s -> s.state() != ServiceState.RUNNING ? null
                        : s.since().map(t -> t.toEpochMilli() / 1000.0).orElse(null));
        family(out, "svcctl_service_last_exit_code", "gauge", "The exit code of the program's last run.", services,
                s -> s.lastExit().filter(e -> e.code().isPresent()).map(e -> (double) e.code().getAsInt())
                        .orElse(null));
        family(out, "svcctl_service_memory_bytes", "gauge", "Memory the service uses, where the backend knows.",
                services, s -> s.memoryBytes().isPresent() ? Double.valueOf(s.memoryBytes().getAsLong()) : null);
        out.append("# HELP svcctl_serve_requests_total Requests svcctl serve answered, by method, route and"
                + " status code.\n");
        out.append("# TYPE svcctl_serve_requests_total counter\n");
        requests.forEach((key, count) -> out.append("svcctl_serve_requests_total{method=\"").append(label(key.method()))
                .append("\",route=\"").append(label(key.route())).append("\",code=\"").append(key.code())
                .append("\"} ").append(count).append('\n'));
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help, List<ServiceStatus> services,
            Function<ServiceStatus, Double> value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (ServiceStatus s : services) {
            Double v = value.apply(s);
            if (v != null) {
                out.append(name).append("{service=\"").append(label(s.name())).append("\",backend=\"")
                        .append(label(s.backend())).append("\"} ").append(number(v)).append('\n');
            }
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** A label value, escaped as the format says: backslash, double quote and line feed. */
    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
