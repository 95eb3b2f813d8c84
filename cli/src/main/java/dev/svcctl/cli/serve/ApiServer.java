package dev.svcctl.cli.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.backend.ServiceActions;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.cli.Failures;
import dev.svcctl.cli.StatusOutput;
import dev.svcctl.logs.LogStream;
import dev.svcctl.spec.ServiceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HTTP(S) server of {@code svcctl serve} on the JDK's own server: the JSON API over the backend's status and
 * {@link ServiceActions}, the logs, the Prometheus metrics and the status page, all behind the token except
 * {@code /healthz}.
 *
 * <p>Bounds: a request body larger than {@link #MAX_BODY} is answered 413 and its connection closed (no endpoint
 * reads a body); the JDK server closes a connection whose request has not been read within the request timeout
 * ({@code sun.net.httpserver.maxReqTime}, set by {@link #limitRequests} before the first server is made), bounds
 * the number and the size of the headers ({@code sun.net.httpserver.maxReqHeaders}, {@code maxReqHeaderSize}) and of
 * the open connections ({@code jdk.httpserver.maxConnections}); a fixed pool of threads handles the requests, so a
 * slow client holds one thread for the timeout at most.
 */
public final class ApiServer {
    /** No endpoint reads a body; a form or a mistake gets this much at most. */
    static final int MAX_BODY = 64 * 1024;
    static final int MAX_LOG_LINES = 10_000;
    private static final int MAX_HEADERS = 64;
    static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final int MAX_CONNECTIONS = 256;
    private static final String REALM = "svcctl serve";

    /** What to serve and how. {@code tls} null: plain HTTP (loopback only, checked by the command). */
    public record Config(InetSocketAddress listen, ApiToken token, SSLContext tls, boolean clientCertificates,
            int threads) {
    }

    private final Backend backend;
    private final boolean user;
    private final Config config;
    private final PrintWriter log;
    private final RequestCounters counters = new RequestCounters();
    private final Object actions = new Object();
    private final byte[] page;
    private HttpServer server;
    private ExecutorService executor;

    private ApiServer(Backend backend, boolean user, Config config, PrintWriter log) throws IOException {
        this.backend = backend;
        this.user = user;
        this.config = config;
        this.log = log;
        try (InputStream in = ApiServer.class.getResourceAsStream("status.html")) {
            this.page = in.readAllBytes();
        }
    }

    /**
     * Sets the JDK server's request bounds for this process: the time a request may take to arrive, the number and
     * size of its headers, the number of open connections. The JDK reads them once, when its first server is made; values set by {@code -D} win.
     */
    public static void limitRequests(Duration requestTimeout) {
        long seconds = Math.max(1, requestTimeout.toSeconds());
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
        }
        if (System.getProperty("sun.net.httpserver.maxReqHeaders") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
        }
        if (System.getProperty("sun.net.httpserver.maxReqHeaderSize") == null) {
            System.setProperty("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        }
        if (System.getProperty("jdk.httpserver.maxConnections") == null) {
            System.setProperty("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
        }
    }

    /** Binds and starts serving; answers once the socket listens. */
    public static ApiServer start(Backend backend, boolean user, Config config, PrintWriter log)
            throws BackendException {
        try {
            ApiServer api = new ApiServer(backend, user, config, log);
            api.bind();
            return api;
        } catch (BindException e) {
            throw new BackendException(ExitCode.UNAVAILABLE, "cannot listen on " + hostAndPort(config.listen())
                    + ": " + e.getMessage(), "another program listens there; choose another port with --listen");
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot listen on " + hostAndPort(config.listen()) + ": "
                    + e, null);
        }
    }

    private void bind() throws IOException {
        if (config.tls() != null) {
            HttpsServer https = HttpsServer.create(config.listen(), 64);
            https.setHttpsConfigurator(new HttpsConfigurator(config.tls()) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(config.clientCertificates());
                    params.setSSLParameters(ssl);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(config.listen(), 64);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "svcctl-serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where the server listens (the port the system chose for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:9860}. */
    public String url() {
        return (config.tls() != null ? "https" : "http") + "://" + hostAndPort(address());
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static String hostAndPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** A response decided before the end: status, content type, body. */
    private record Reply(int code, String type, byte[] body) {
        static Reply text(int code, String text) {
            return new Reply(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        static Reply json(int code, String json) {
            return new Reply(code, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        /** A refusal of the request itself (401, 403, 404, 405, 413, 400, 500): exit code as the CLI would. */
        static Reply error(int code, String message, String hint) {
            ExitCode exit = code == 401 || code == 403 ? ExitCode.PERMISSION_DENIED
                    : code >= 500 ? ExitCode.FAILED : ExitCode.USAGE;
            return error(code, new BackendException(exit, message, hint));
        }

        /** The CLI's error document ({@code svcctl ... --json}'s, {@link Failures#document}) with an HTTP status. */
        static Reply error(int code, BackendException e) {
            return json(code, Failures.document(e));
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String route = route(path);
        Reply reply;
        try {
            reply = answer(exchange, method, path);
        } catch (RuntimeException e) {
            log.println("svcctl serve: internal error on " + method + " " + route + ": " + e);
            reply = Reply.error(500, "internal error: " + e.getClass().getSimpleName(), "see svcctl serve's log");
        }
        counters.count(method.length() <= 10 ? method : "other", route, reply.code());
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", reply.type());
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(reply.code(), head || reply.body().length == 0 ? -1 : reply.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply.body());
            }
        }
        exchange.close();
    }

    private Reply answer(HttpExchange exchange, String method, String path) throws IOException {
        if (!bodyWithinBound(exchange)) {
            exchange.getResponseHeaders().set("Connection", "close");
            return Reply.error(413, "request body larger than " + MAX_BODY + " bytes", "no endpoint takes a body");
        }
        if (path.equals("/healthz")) {
            return readOnly(method) ? Reply.text(200, "ok\n") : notAllowed(exchange, "GET");
        }
        String denied = authentication(exchange);
        if (denied != null) {
            log.println("svcctl serve: 401 " + method + " " + route(path) + " from "
                    + hostAndPort(exchange.getRemoteAddress()) + ": " + denied);
            exchange.getResponseHeaders().set("WWW-Authenticate", path.equals("/")
                    ? "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"" : "Bearer realm=\"" + REALM + "\"");
            return Reply.error(401, "authentication required: " + denied, "send 'Authorization: Bearer TOKEN' with"
                    + " the token from svcctl serve's token file");
        }
        if (path.equals("/")) {
            return readOnly(method) ? page(exchange) : notAllowed(exchange, "GET");
        }
        if (path.equals("/metrics")) {
            return readOnly(method) ? metrics() : notAllowed(exchange, "GET");
        }
        if (path.equals("/v1/services") || path.equals("/v1/services/")) {
            return readOnly(method) ? services() : notAllowed(exchange, "GET");
        }
        if (!path.startsWith("/v1/services/")) {
            return Reply.error(404, "no such endpoint: " + path, "the endpoints are /v1/services, /metrics, /healthz"
                    + " and / (docs/serve.md)");
        }
        String[] parts = path.substring("/v1/services/".length()).split("/", -1);
        String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        String problem = ServiceSpec.nameProblem(name);
        if (problem != null) {
            return Reply.error(400, problem, null);
        }
        try {
            if (parts.length == 1) {
                return readOnly(method) ? service(name) : notAllowed(exchange, "GET");
            }
            if (parts.length == 2 && parts[1].equals("logs")) {
                return readOnly(method) ? logs(name, exchange.getRequestURI().getRawQuery())
                        : notAllowed(exchange, "GET");
            }
            ServiceActions.Action action = parts.length == 2 ? ServiceActions.Action.of(parts[1]) : null;
            if (action == null) {
                return Reply.error(404, "no such endpoint: " + path, "POST /v1/services/NAME/start|stop|restart"
                        + "|reload");
            }
            if (!method.equals("POST")) {
                return notAllowed(exchange, "POST");
            }
            String crossSite = crossSite(exchange);
            if (crossSite != null) {
                log.println("svcctl serve: 403 " + method + " " + route(path) + " from "
                        + hostAndPort(exchange.getRemoteAddress()) + ": " + crossSite);
                return Reply.error(403, "refused a cross-site request: " + crossSite, "state changes come from"
                        + " the status page itself or from clients that send no Origin");
            }
            return act(action, name);
        } catch (BackendException e) {
            return Reply.error(httpStatus(e.exitCode()), e);
        }
    }

    private static boolean readOnly(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    private static Reply notAllowed(HttpExchange exchange, String allowed) {
        exchange.getResponseHeaders().set("Allow", allowed.equals("GET") ? "GET, HEAD" : allowed);
        return Reply.error(405, exchange.getRequestMethod() + " is not allowed here", "use " + allowed);
    }

    /**
     * Reads what body there is, up to the bound: false when the request announces or sends more (the rest is not
     * read: the connection is closed after the answer).
     */
    private static boolean bodyWithinBound(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY) {
                    return false;
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        InputStream in = exchange.getRequestBody();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > MAX_BODY) {
                return false;
            }
        }
        return true;
    }

    /** Null when the request carries the token (Bearer, or Basic with it as the password); else why not. */
    private String authentication(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || header.isBlank()) {
            return "no token";
        }
        String presented;
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = header.substring(7).strip();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "malformed Basic credentials";
            }
            int colon = decoded.indexOf(':');
            presented = colon < 0 ? decoded : decoded.substring(colon + 1);
        } else {
            return "unsupported authorization scheme";
        }
        return config.token().matches(presented) ? null : "wrong token";
    }

    /**
     * Null for a request a browser marks as same-origin (or makes no claim about); else the reason to refuse it: a
     * {@code Sec-Fetch-Site} other than same-origin or none, or an {@code Origin} that is not this server's.
     */
    private String crossSite(HttpExchange exchange) {
        String site = exchange.getRequestHeaders().getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "Sec-Fetch-Site: " + site;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            String self = (config.tls() != null ? "https" : "http") + "://" + host;
            if (host == null || !origin.equalsIgnoreCase(self)) {
                return "Origin " + origin + " is not " + self;
            }
        }
        return null;
    }

    /** The route of a path for counters and logs: a pattern, never a service name. */
    static String route(String path) {
        if (path.equals("/") || path.equals("/healthz") || path.equals("/metrics") || path.equals("/v1/services")) {
            return path;
        }
        if (path.startsWith("/v1/services/")) {
            String[] parts = path.substring("/v1/services/".length()).split("/", -1);
            if (parts.length == 1) {
                return "/v1/services/{name}";
            }
            if (parts.length == 2 && (parts[1].equals("logs") || ServiceActions.Action.of(parts[1]) != null)) {
                return "/v1/services/{name}/" + parts[1];
            }
        }
        return "other";
    }

    private static int httpStatus(ExitCode code) {
        return switch (code) {
            case NOT_INSTALLED -> 404;
            case NOT_RUNNING -> 409;
            case USAGE -> 400;
            case PERMISSION_DENIED -> 403;
            case UNAVAILABLE -> 503;
            default -> 500;
        };
    }

    /** The status page: its script only talks to this server, and no other site may frame it. */
    private Reply page(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline';"
                + " style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; form-action 'none';"
                + " base-uri 'none'");
        return new Reply(200, "text/html; charset=utf-8", page);
    }

    private Reply services() {
        try {
            List<ServiceStatus> all = backend.list(user);
            StringWriter text = new StringWriter();
            StatusOutput.json(new java.io.PrintWriter(text), all);
            return Reply.json(200, text.toString());
        } catch (BackendException e) {
            return Reply.error(httpStatus(e.exitCode()), e);
        }
    }

    private Reply service(String name) throws BackendException, IOException {
        ServiceStatus s = backend.status(List.of(name), user).get(0);
        if (s.state() == ServiceState.NOT_INSTALLED) {
            return notSvcctls(name);
        }
        return Reply.json(200, StatusOutput.text(s));
    }

    private static Reply notSvcctls(String name) {
        return Reply.error(404, new BackendException(ExitCode.NOT_INSTALLED, name + " is not a service svcctl manages",
                "GET /v1/services lists them"));
    }

    private Reply logs(String name, String query) throws BackendException {
        int lines = 50;
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("lines=")) {
                    try {
                        lines = Integer.parseInt(pair.substring(6));
                    } catch (NumberFormatException e) {
                        lines = -1;
                    }
                }
            }
        }
        if (lines < 0 || lines > MAX_LOG_LINES) {
            return Reply.error(400, "lines must be a number from 0 to " + MAX_LOG_LINES, null);
        }
        if (backend.status(List.of(name), user).get(0).state() == ServiceState.NOT_INSTALLED) {
            return notSvcctls(name);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        backend.logs(name, LogStream.STDOUT, lines, false, user, out);
        return new Reply(200, "text/plain; charset=utf-8", out.toByteArray());
    }

    private Reply act(ServiceActions.Action action, String name) throws BackendException, IOException {
        ServiceActions.Result result;
        synchronized (actions) {
            result = new ServiceActions(backend, user).apply(action, List.of(name)).get(0);
        }
        return Reply.json(200, StatusOutput.text(result));
    }

    private Reply metrics() {
        try {
            return new Reply(200, Metrics.CONTENT_TYPE, Metrics.render(backend.list(user), counters.snapshot())
                    .getBytes(StandardCharsets.UTF_8));
        } catch (BackendException e) {
            return Reply.error(httpStatus(e.exitCode()), e);
        }
    }
}
