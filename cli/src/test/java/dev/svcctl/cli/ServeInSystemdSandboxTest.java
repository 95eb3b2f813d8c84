package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code svcctl serve} over the sandboxed systemd: start, stop and restart through the API change the units, and
 * the status page in headless chromium shows them and restarts one on a click. The server runs in the sandbox's
 * mount, PID and cgroup namespaces (it sees the sandbox's systemd) but in the host's network namespace, so that the
 * test and chromium reach it on the host's loopback.
 */
@ExtendWith(SystemdSandboxExtension.class)
class ServeInSystemdSandboxTest {
    private static final String WEB = "serve-web";
    private static final String WORKER = "serve-worker";
    private final HttpClient client = HttpClient.newHttpClient();
    private String url;
    private String token;

    private static Path spec(String name) throws Exception {
        return InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sh\nargs: [\"-c\", \"echo hello"
                + " from " + name + "; exec sleep 1000\"]\n");
    }

    private Process serve(SystemdSandbox sandbox, Path dir) throws Exception {
        Path tokenFile = dir.resolve("api-token");
        List<String> argv = new ArrayList<>(List.of("nsenter", "--target", Long.toString(sandbox.hostPid()),
                "--mount", "--pid", "--cgroup", "--uts", "--ipc", "--root", "--wdns=/", "--",
                ProcessHandle.current().info().command().orElse("java"), "-XX:+UseSerialGC", "-cp",
                InsideSandbox.readableClassPath(), Main.class.getName(), "serve", "--listen", "127.0.0.1:0",
                "--token-file", tokenFile.toString()));
        Process p = new ProcessBuilder(argv).redirectError(dir.resolve("serve.err").toFile()).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        if (line == null || !line.startsWith("svcctl serve: listening on ")) {
            p.destroyForcibly();
            throw new AssertionError("svcctl serve did not start: " + line + "\n"
                    + Files.readString(dir.resolve("serve.err")));
        }
        assertTrue(line.contains("(systemd backend"), line);
        url = line.substring("svcctl serve: listening on ".length()).split(" ")[0];
        token = Files.readString(tokenFile).strip();
        return p;
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject service(String name) throws Exception {
        HttpResponse<String> r = call("GET", "/v1/services/" + name);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private JsonObject act(String name, String action) throws Exception {
        HttpResponse<String> r = call("POST", "/v1/services/" + name + "/" + action);
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    @Test
    void apiAndStatusPageStartStopAndRestartSystemdServices(SystemdSandbox sandbox) throws Exception {
        InsideSandbox inside = new InsideSandbox(sandbox);
        Path dir = ServeProcess.freshDir("systemd");
        InsideSandbox.Run install = inside.svcctl("install", spec(WEB).toString(), spec(WORKER).toString());
        assertEquals(0, install.exitCode(), install.err());
        Process serve = serve(sandbox, dir);
        try {
            HttpResponse<String> all = call("GET", "/v1/services");
            assertEquals(200, all.statusCode(), all.body());
            InsideSandbox.Run status = inside.svcctl("status", "--json");
            JsonArray api = JsonParser.parseString(all.body()).getAsJsonObject().getAsJsonArray("services");
            JsonArray cli = JsonParser.parseString(status.out()).getAsJsonObject().getAsJsonArray("services");
            assertEquals(withoutMemory(cli), withoutMemory(api), "the API's services are status --json's");
            JsonObject web = service(WEB);
            assertEquals("systemd", web.get("backend").getAsString());
            assertEquals(sandbox.mainPid(WEB + ".service"), web.get("pid").getAsLong());

            JsonObject stop = act(WEB, "stop");
            assertTrue(stop.get("changed").getAsBoolean());
            assertEquals("stopped", stop.getAsJsonObject("status").get("state").getAsString());
            assertEquals("inactive", sandbox.systemctl("is-active", WEB + ".service").stdout().strip());
            assertFalse(act(WEB, "stop").get("changed").getAsBoolean(), "already stopped");

            JsonObject start = act(WEB, "start");
            assertTrue(start.get("changed").getAsBoolean());
            assertEquals("running", start.getAsJsonObject("status").get("state").getAsString());
            assertEquals("active", sandbox.systemctl("is-active", WEB + ".service").stdout().strip());

            long before = sandbox.mainPid(WEB + ".service");
            JsonArray metricsBefore = ServeApiTest.prometheus(call("GET", "/metrics").body());
            JsonObject restart = act(WEB, "restart");
            assertTrue(restart.get("changed").getAsBoolean());
            long after = sandbox.mainPid(WEB + ".service");
            assertNotEquals(before, after, "restart gave the service a new main process");
            assertEquals(after, restart.getAsJsonObject("status").get("pid").getAsLong());
            JsonArray metricsAfter = ServeApiTest.prometheus(call("GET", "/metrics").body());
            assertTrue(ServeApiTest.sample(metricsAfter, "svcctl_service_start_time_seconds", "service", WEB)
                    >= ServeApiTest.sample(metricsBefore, "svcctl_service_start_time_seconds", "service", WEB));
            assertEquals(1.0, ServeApiTest.sample(metricsAfter, "svcctl_serve_requests_total", "method", "POST",
                    "route", "/v1/services/{name}/restart", "code", "200"));
            assertEquals(1.0, ServeApiTest.sample(metricsAfter, "svcctl_service_up", "service", WEB,
                    "backend", "systemd"));

            // The journal gets the new run's line a moment after the restart.
            InsideSandbox.await("the program's line in GET logs", () -> {
                try {
                    HttpResponse<String> logs = call("GET", "/v1/services/" + WEB + "/logs?lines=20");
                    assertEquals(200, logs.statusCode(), logs.body());
                    return logs.body().contains("hello from " + WEB);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });

            statusPageRestartsAServiceOnAClick(sandbox);
        } finally {
            serve.destroy();
            if (!serve.waitFor(30, TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
    }

    private static JsonArray withoutMemory(JsonArray services) {
        JsonArray copy = services.deepCopy();
        for (JsonElement e : copy) {
            e.getAsJsonObject().remove("memoryBytes");
        }
        return copy;
    }

    private void statusPageRestartsAServiceOnAClick(SystemdSandbox sandbox) throws Exception {
        long before = sandbox.mainPid(WORKER + ".service");
        Path target = Path.of("target").toAbsolutePath();
        try (HeadlessChromium chromium = HeadlessChromium.launch(target.resolve("test-work/serve/chromium-profile-"
                + System.nanoTime()))) {
            // What the browser sends once a person typed any user name and the token as the password.
            chromium.extraHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString((":" + token)
                    .getBytes(StandardCharsets.UTF_8)));
            chromium.navigate(url + "/");
            chromium.await("both services rendered", "document.querySelectorAll('#services tr[data-service]')"
                    + ".length >= 2");
            String row = "document.querySelector('#services tr[data-service=\"" + WORKER + "\"]')";
            assertEquals("running", chromium.evaluate(row + ".querySelector('.state').textContent"));
            assertEquals("rgb(46, 125, 50)", chromium.evaluate("getComputedStyle(" + row
                    + ".querySelector('.state')).backgroundColor"), "running is green");
            assertEquals(Long.toString(before), chromium.evaluate(row + ".cells[5].textContent"));
            chromium.screenshot(target.resolve("serve-status-page.png"));

            chromium.evaluate(row + ".querySelector('button[data-action=\"restart\"]').click()");
            chromium.await("the restart's answer", "document.getElementById('message').textContent"
                    + ".includes('" + WORKER + ": restart done, now running')");
            long after = sandbox.mainPid(WORKER + ".service");
            assertNotEquals(before, after, "the click restarted " + WORKER);
            chromium.await("the new pid on the page", row + ".cells[5].textContent === '" + after + "'");
            chromium.screenshot(target.resolve("serve-status-page-after-restart.png"));
        }
    }
}
