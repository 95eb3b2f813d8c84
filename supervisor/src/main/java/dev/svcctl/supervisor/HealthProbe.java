package dev.svcctl.supervisor;

import dev.svcctl.spec.HealthCheckSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;

/** One probe of a health check; answers null when healthy, else why not. */
interface HealthProbe {

    String check(Duration timeout) throws InterruptedException;

    /** How often probe readiness (tcp, http, exec) probes until ready. */
    long READINESS_PROBE_MILLIS = 250;

    /**
     * The readiness probe of {@code ready} (tcp, http or exec) as a check that never gives up (the readiness timeout
     * ends it), probed every {@link #READINESS_PROBE_MILLIS}: what {@code svcctl run} and {@code svcctl wait-ready}
     * both run.
     */
    static HealthCheckSpec readinessCheck(dev.svcctl.spec.ReadinessSpec ready) {
        Duration probeTimeout = HealthCheckSpec.DEFAULT_TIMEOUT.compareTo(ready.timeout()) < 0
                ? HealthCheckSpec.DEFAULT_TIMEOUT : ready.timeout();
        return new HealthCheckSpec(switch (ready.kind()) {
            case TCP -> HealthCheckSpec.Kind.TCP;
            case HTTP -> HealthCheckSpec.Kind.HTTP;
            default -> HealthCheckSpec.Kind.EXEC;
        }, ready.target(), ready.command(), Duration.ofMillis(READINESS_PROBE_MILLIS), probeTimeout,
                Integer.MAX_VALUE, Duration.ZERO);
    }

    static HealthProbe of(HealthCheckSpec spec, ProcessPort port) {
        return switch (spec.kind()) {
            case HTTP -> new Http(URI.create(spec.target()));
            case TCP -> new Tcp(spec.target());
            case EXEC -> new Exec(spec, port);
        };
    }

    /** GET; healthy on a 2xx status within the timeout. Redirects are not followed. */
    record Http(URI uri) implements HealthProbe {
        @Override
        public String check(Duration timeout) {
            HttpURLConnection connection = null;
            try {
                connection = (HttpURLConnection) uri.toURL().openConnection();
                connection.setInstanceFollowRedirects(false);
                connection.setUseCaches(false);
                connection.setConnectTimeout(millis(timeout));
                connection.setReadTimeout(millis(timeout));
                int status = connection.getResponseCode();
                try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                    if (body != null) {
                        body.readNBytes(64 * 1024);
                    }
                }
                return status / 100 == 2 ? null : "GET " + uri + " answered " + status;
            } catch (IOException e) {
                return "GET " + uri + " failed: " + e.getMessage();
            } finally {
                if (connection != null) {
                    connection.disconnect();
                }
            }
        }
    }

    /** Healthy when a TCP connection to host:port opens within the timeout. */
    record Tcp(String hostPort) implements HealthProbe {
        @Override
        public String check(Duration timeout) {
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), millis(timeout));
                return null;
            } catch (IOException e) {
                return "connecting to " + hostPort + " failed: " + e.getMessage();
            }
        }
    }

    /** Healthy when the command exits 0 within the timeout; it is killed when it takes longer. */
    record Exec(HealthCheckSpec spec, ProcessPort port) implements HealthProbe {
        @Override
        public String check(Duration timeout) throws InterruptedException {
            OptionalInt code;
            try {
                code = port.runDiscarding(spec.command(), timeout);
            } catch (IOException e) {
                return "cannot run " + spec.command().get(0) + ": " + e.getMessage();
            }
            if (code.isEmpty()) {
                return spec.command().get(0) + " did not finish within " + timeout.toMillis() + "ms";
            }
            return code.getAsInt() == 0 ? null : spec.command().get(0) + " exited with " + code.getAsInt();
        }
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
