package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.svcctl.systemd.sandbox.Prerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code svcctl serve} as its own JVM on loopback over two services that {@code svcctl run} hosts (the supervisor
 * backend, no init system needed): authentication, the same data as {@code status --json}, logs, metrics read by
 * Prometheus's own Python parser, stop, cross-site refusal and the request bounds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeApiTest {
    private static final String A = "serve-a";
    private static final String B = "serve-b";
    private static Path dir;
    private static Path runtime;
    private static final List<Process> runs = new ArrayList<>();
    private static ServeProcess serve;
    private static String token;
    private static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void startServicesAndServer() throws Exception {
        dir = ServeProcess.freshDir("api");
        runtime = Files.createDirectories(dir.resolve("runtime"));
        for (String name : List.of(A, B)) {
            Path logs = Files.createDirectories(dir.resolve("logs-" + name));
            Path spec = dir.resolve(name + ".yaml");
            Files.writeString(spec, "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", \"echo first line of " + name
                    + "; echo second line; echo pid $$; exec sleep 300\"]\n"
                    + "logs: {stdout: file, stderr: discard, dir: " + logs + "}\n"
                    + "restart: {policy: always, delay: 100ms, burst: 20, window: 1m}\n");
            runs.add(ServeProcess.svcctl(runtime, "run", spec.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(dir.resolve(name + "-run.err").toFile()).start());
        }
        Path tokenFile = dir.resolve("api-token");
        serve = ServeProcess.start(runtime, dir, "--listen", "127.0.0.1:0", "--token-file", tokenFile.toString(),
                "--backend", "supervisor", "--request-timeout", "2s");
        token = Files.readString(tokenFile).strip();
        for (String name : List.of(A, B)) {
            InsideSandbox.await(name + " running", () -> "running".equals(state(name)));
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (serve != null) {
            serve.close();
        }
        for (Process run : runs) {
            run.destroy();
            if (!run.waitFor(30, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
    }

    private static String state(String name) {
        try {
            HttpResponse<String> r = get("/v1/services/" + name);
            return r.statusCode() == 200 ? object(r.body()).get("state").getAsString() : "HTTP " + r.statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return ServeProcess.send(client, serve.request(path, token));
    }

    private static HttpResponse<String> post(String path, String... headers) throws Exception {
        HttpRequest.Builder b = serve.request(path, token).POST(HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return ServeProcess.send(client, b);
    }

    private static JsonObject object(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    @Test
    @Order(1)
    void everyEndpointButHealthzWantsTheTokenAndTheLogNeverShowsIt() throws Exception {
        String wrong = "f".repeat(64);
        for (String path : List.of("/", "/v1/services", "/v1/services/" + A, "/metrics", "/v1/services/" + A
                + "/logs")) {
            HttpResponse<String> none = ServeProcess.send(client, serve.request(path, null));
            assertEquals(401, none.statusCode(), path);
            HttpResponse<String> bad = ServeProcess.send(client, serve.request(path, wrong));
            assertEquals(401, bad.statusCode(), path);
            assertEquals(77, JsonDocsTest.matches("error", bad.body()).at("/error/exitCode").asInt(), bad.body());
        }
        assertEquals("Bearer realm=\"svcctl serve\"", ServeProcess.send(client, serve.request("/v1/services", null))
                .headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(ServeProcess.send(client, serve.request("/", null)).headers().firstValue("WWW-Authenticate")
                .orElse("").startsWith("Basic "), "the page asks the browser to log in");
        HttpResponse<String> stop = ServeProcess.send(client, serve.request("/v1/services/" + A + "/stop", wrong)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, stop.statusCode());
        assertEquals("running", state(A), "a POST with a wrong token changed nothing");

        HttpResponse<String> health = ServeProcess.send(client, serve.request("/healthz", null));
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());

        String basic = Base64.getEncoder().encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> page = ServeProcess.send(client, serve.request("/", null).header("Authorization",
                "Basic " + basic));
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("<table"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));

        String log = serve.log();
        assertTrue(log.contains("svcctl serve: 401 GET /v1/services from 127.0.0.1:"), log);
        assertTrue(log.contains(": wrong token"), log);
        assertTrue(log.contains(": no token"), log);
        assertFalse(log.contains(wrong), "the presented token must not be logged: " + log);
        assertFalse(log.contains(token), "the token must not be logged: " + log);
    }

    @Test
    @Order(2)
    void servicesAreTheSameDataAsStatusJson() throws Exception {
        HttpResponse<String> api = get("/v1/services");
        Process status = ServeProcess.svcctl(runtime, "status", "--json", "--backend", "supervisor").start();
        String cli = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(status.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, status.exitValue(), cli);

        assertEquals(200, api.statusCode(), api.body());
        assertEquals("application/json", api.headers().firstValue("Content-Type").orElse(null));
        assertEquals(JsonParser.parseString(cli), JsonParser.parseString(api.body()), "GET /v1/services is status --json");
        JsonArray fromApi = JsonParser.parseString(api.body()).getAsJsonObject().getAsJsonArray("services");
        assertEquals(2, fromApi.size());
        JsonObject a = fromApi.get(0).getAsJsonObject();
        assertEquals(A, a.get("name").getAsString());
        assertEquals("running", a.get("state").getAsString());
        assertTrue(a.get("pid").getAsLong() > 0);

        HttpResponse<String> one = get("/v1/services/" + A);
        assertEquals(200, one.statusCode());
        assertEquals(a, object(one.body()));

        HttpResponse<String> missing = get("/v1/services/no-such-service");
        assertEquals(404, missing.statusCode());
        // the CLI's error document, as 'svcctl status --json no-such-service' prints it
        var error = JsonDocsTest.matches("error", missing.body()).get("error");
        assertEquals("no-such-service is not a service svcctl manages", error.get("message").asText());
        assertEquals(4, error.get("exitCode").asInt());
        assertEquals("GET /v1/services lists them", error.get("hint").asText());
        assertEquals(400, get("/v1/services/bad%20name").statusCode());
        HttpResponse<String> nothing = get("/v1/nothing");
        assertEquals(404, nothing.statusCode());
        assertEquals(2, JsonDocsTest.matches("error", nothing.body()).at("/error/exitCode").asInt());
    }

    @Test
    @Order(3)
    void logsAreTheProgramsLastLines() throws Exception {
        long pid = object(get("/v1/services/" + A).body()).get("pid").getAsLong();
        HttpResponse<String> logs = get("/v1/services/" + A + "/logs?lines=2");
        assertEquals(200, logs.statusCode(), logs.body());
        assertEquals("text/plain; charset=utf-8", logs.headers().firstValue("Content-Type").orElse(null));
        assertEquals("second line\npid " + pid + "\n", logs.body());
        HttpResponse<String> all = get("/v1/services/" + A + "/logs");
        assertTrue(all.body().startsWith("first line of " + A + "\n"), all.body());
        assertEquals(400, get("/v1/services/" + A + "/logs?lines=-1").statusCode());
        assertEquals(404, get("/v1/services/no-such-service/logs").statusCode());
    }

    /** The samples of a Prometheus text exposition as Python's prometheus_client parses them. */
    static JsonArray prometheus(String exposition) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean parser = Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c",
                "import prometheus_client.parser").start().waitFor() == 0;
        Prerequisites.require(parser, "Debian's python3-prometheus-client is not installed (apt-get install"
                + " python3-prometheus-client)");
        Process p = new ProcessBuilder(python.toString(), "-c", String.join("\n",
                "import json, sys",
                "from prometheus_client.parser import text_string_to_metric_families",
                "out = []",
                "for f in text_string_to_metric_families(sys.stdin.read()):",
                "    for s in f.samples:",
                "        out.append({'family': f.name, 'type': f.type, 'name': s.name, 'labels': s.labels,"
                        + " 'value': s.value})",
                "print(json.dumps(out))")).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "prometheus_client cannot parse /metrics: " + err + "\n" + exposition);
        return JsonParser.parseString(out).getAsJsonArray();
    }

    static Double sample(JsonArray samples, String name, String... labels) {
        for (JsonElement e : samples) {
            JsonObject s = e.getAsJsonObject();
            if (!s.get("name").getAsString().equals(name)) {
                continue;
            }
            JsonObject l = s.getAsJsonObject("labels");
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= l.has(labels[i]) && l.get(labels[i]).getAsString().equals(labels[i + 1]);
            }
            if (all) {
                return s.get("value").getAsDouble();
            }
        }
        return null;
    }

    @Test
    @Order(4)
    void metricsParseAsPrometheusAndMoveAfterARestart() throws Exception {
        HttpResponse<String> first = get("/metrics");
        assertEquals(200, first.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().firstValue("Content-Type")
                .orElse(null));
        JsonArray before = prometheus(first.body());
        assertEquals(1.0, sample(before, "svcctl_service_up", "service", A));
        assertEquals(0.0, sample(before, "svcctl_service_restarts_total", "service", A));
        JsonObject a = object(get("/v1/services/" + A).body());
        assertEquals(java.time.Instant.parse(a.get("since").getAsString()).toEpochMilli() / 1000.0,
                sample(before, "svcctl_service_start_time_seconds", "service", A), 0.001);
        // A request is counted once answered: the first /metrics is in the next exposition.
        Double counted = sample(before, "svcctl_serve_requests_total", "route", "/metrics", "code", "200");
        double metricsRequests = counted == null ? 0 : counted;
        assertNotNull(sample(before, "svcctl_serve_requests_total", "route", "/v1/services", "code", "200"));
        assertEquals("counter", before.asList().stream().map(JsonElement::getAsJsonObject)
                .filter(s -> s.get("name").getAsString().equals("svcctl_serve_requests_total")).findFirst()
                .orElseThrow().get("type").getAsString());

        // The program ends (as in a crash); its supervisor restarts it per its policy.
        long pid = a.get("pid").getAsLong();
        ProcessHandle.of(pid).orElseThrow().destroy();
        InsideSandbox.await("a restart of " + A, () -> {
            try {
                JsonObject now = object(get("/v1/services/" + A).body());
                return now.get("state").getAsString().equals("running") && now.get("restarts").getAsInt() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        // Under svcctl run there is no init system to restart a service: the API answers as 'svcctl restart' does.
        HttpResponse<String> restart = post("/v1/services/" + A + "/restart");
        assertEquals(503, restart.statusCode(), restart.body());
        var refused = JsonDocsTest.matches("error", restart.body()).get("error");
        assertEquals(69, refused.get("exitCode").asInt());
        assertTrue(refused.get("message").asText().startsWith("cannot restart " + A + ": there is no init system"),
                restart.body());

        JsonArray after = prometheus(get("/metrics").body());
        assertEquals(1.0, sample(after, "svcctl_service_restarts_total", "service", A));
        assertEquals(1.0, sample(after, "svcctl_service_up", "service", A));
        assertEquals(metricsRequests + 1, sample(after, "svcctl_serve_requests_total", "route", "/metrics", "code",
                "200"));
        assertEquals(1.0, sample(after, "svcctl_serve_requests_total", "method", "POST", "route",
                "/v1/services/{name}/restart", "code", "503"));
        assertTrue(sample(after, "svcctl_serve_requests_total", "route", "/v1/services", "code", "401") >= 2);
    }

    @Test
    @Order(5)
    void aForeignOriginCannotStopAService() throws Exception {
        HttpResponse<String> foreign = post("/v1/services/" + B + "/stop", "Origin", "http://evil.example");
        assertEquals(403, foreign.statusCode(), foreign.body());
        HttpResponse<String> crossSite = post("/v1/services/" + B + "/stop", "Sec-Fetch-Site", "cross-site");
        assertEquals(403, crossSite.statusCode(), crossSite.body());
        HttpResponse<String> viaGet = get("/v1/services/" + B + "/stop");
        assertEquals(405, viaGet.statusCode());
        assertEquals("POST", viaGet.headers().firstValue("Allow").orElse(null));
        assertEquals("running", state(B));
        assertTrue(serve.log().contains("403 POST /v1/services/{name}/stop"), serve.log());
    }

    @Test
    @Order(6)
    void stopStopsTheServiceAndSaysWhetherItChangedAnything() throws Exception {
        long pid = object(get("/v1/services/" + B).body()).get("pid").getAsLong();
        URI self = URI.create(serve.url);
        HttpResponse<String> stop = post("/v1/services/" + B + "/stop", "Origin", serve.url, "Sec-Fetch-Site",
                "same-origin");
        assertEquals(200, stop.statusCode(), stop.body());
        JsonObject result = object(stop.body());
        assertEquals(B, result.get("name").getAsString());
        assertEquals("stop", result.get("action").getAsString());
        assertTrue(result.get("changed").getAsBoolean());
        // The supervisor backend's stop returns once svcctl run is gone; its state file may still say stopping
        // until its JVM is reaped.
        String after = result.getAsJsonObject("status").get("state").getAsString();
        assertTrue(after.equals("stopped") || after.equals("stopping"), stop.body());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the program still runs");
        assertTrue(runs.get(1).waitFor(60, TimeUnit.SECONDS), "svcctl run of " + B + " did not end");
        InsideSandbox.await(B + " stopped", () -> "stopped".equals(state(B)));

        HttpResponse<String> again = post("/v1/services/" + B + "/stop");
        assertEquals(200, again.statusCode(), again.body());
        assertFalse(object(again.body()).get("changed").getAsBoolean());
        assertEquals("stopped", state(B));
        assertEquals(self.getPort(), URI.create(serve.url).getPort());

        HttpResponse<String> start = post("/v1/services/" + B + "/start");
        assertEquals(503, start.statusCode(), "as 'svcctl start' under svcctl run: " + start.body());
        assertEquals("stopped", state(B));
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().strip();
    }

    @Test
    @Order(7)
    void aTenMegabyteBodyIsCutOffAndTheServerStillAnswers() throws Exception {
        URI base = URI.create(serve.url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/services/" + A + "/stop HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAuthorization: Bearer " + token + "\r\nContent-Length: " + (10 << 20)
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            long sent = 0;
            try {
                for (int i = 0; i < 16; i++) { // 1 MiB of the announced 10
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (IOException closedEarly) {
                // the server may close before even this much arrives
            }
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 413 Request Entity Too Large", statusLine(in), "after " + sent + " bytes");
            // The rest is never read: the server closes the connection.
            boolean closed = false;
            try {
                for (int i = 0; i < 160 && !closed; i++) {
                    out.write(chunk);
                }
                closed = in.readAllBytes() != null;
            } catch (IOException reset) {
                closed = true;
            }
            assertTrue(closed);
        }
        assertEquals("running", state(A), "the refused request did not stop the service");

        // Headers beyond 32 KiB: the JDK server refuses the request (an error answer or a closed connection).
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /v1/services/" + A + "/stop HTTP/1.1\r\nHost: "
                    + base.getAuthority() + "\r\nAuthorization: Bearer " + token + "\r\nX-Big: " + "x".repeat(64 * 1024)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            try {
                line = statusLine(socket.getInputStream());
            } catch (IOException reset) {
                line = "";
            }
            assertFalse(line.startsWith("HTTP/1.1 2"), line);
        } catch (IOException closedWhileSending) {
            // refused before the whole request was written
        }
        assertEquals("running", state(A), "the refused request did not stop the service");
    }

    @Test
    @Order(8)
    void slowClientsAreCutOffWhileANormalRequestGetsThrough() throws Exception {
        URI base = URI.create(serve.url);
        List<Socket> slow = new ArrayList<>();
        long opened = System.nanoTime();
        try {
            // More slow clients than the server has threads, each sending a header line every 300 ms and never the
            // end of its headers.
            for (int i = 0; i < 12; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
                s.getOutputStream().write(("GET /v1/services HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                s.setSoTimeout(100);
                slow.add(s);
            }
            var normal = client.sendAsync(serve.request("/v1/services", token).build(),
                    HttpResponse.BodyHandlers.ofString());
            long[] closedAfterMillis = new long[slow.size()];
            long deadline = opened + TimeUnit.SECONDS.toNanos(30);
            int open = slow.size();
            for (int n = 0; open > 0 && System.nanoTime() < deadline; n++) {
                open = 0;
                for (int i = 0; i < slow.size(); i++) {
                    Socket s = slow.get(i);
                    if (s.isClosed()) {
                        continue;
                    }
                    try {
                        s.getOutputStream().write(("X-Slow-" + n + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                        s.getInputStream().read(); // an end or an error response: either way the server gave up
                    } catch (SocketTimeoutException stillOpen) {
                        open++;
                        continue;
                    } catch (IOException reset) {
                        // cut off
                    }
                    closedAfterMillis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened);
                    s.close();
                }
                Thread.sleep(300);
            }
            String when = java.util.Arrays.toString(closedAfterMillis);
            assertEquals(0, open, "slow connections still open after 30 s: " + when);
            for (long millis : closedAfterMillis) {
                assertTrue(millis >= 1000, "a slow client was cut off before the request timeout (2 s): " + when);
            }
            HttpResponse<String> answered = normal.get(30, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode(), "the normal request, sent among the slow ones");
            assertEquals(200, get("/v1/services").statusCode());
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }
}
