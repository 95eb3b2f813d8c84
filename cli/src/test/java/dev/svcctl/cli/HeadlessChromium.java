package dev.svcctl.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.svcctl.systemd.sandbox.Prerequisites;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's chromium, headless, driven through its DevTools protocol (a WebSocket, with the JDK's own client): open a
 * page, evaluate script in it, take a screenshot. Missing chromium skips the test, or fails it on CI.
 */
final class HeadlessChromium implements AutoCloseable {
    private final Process process;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    static Path executable() {
        for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(name))) {
                return Path.of(name);
            }
        }
        return null;
    }

    static HeadlessChromium launch(Path profile) throws Exception {
        Path chromium = executable();
        Prerequisites.require(chromium != null, "Debian's chromium is not installed (apt-get install chromium)");
        Files.createDirectories(profile);
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,600",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "about:blank"));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browserUrl = null;
        StringBuilder seen = new StringBuilder();
        for (String line; browserUrl == null && (line = err.readLine()) != null; ) {
            seen.append(line).append('\n');
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                browserUrl = line.substring(at).strip();
            }
        }
        if (browserUrl == null) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not open its DevTools port:\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                err.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // chromium ended
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI devtools = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + devtools.getAuthority() + "/json/list"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (var target : JsonParser.parseString(list).getAsJsonArray()) {
            JsonObject t = target.getAsJsonObject();
            if (t.get("type").getAsString().equals("page")) {
                pageUrl = t.get("webSocketDebuggerUrl").getAsString();
                break;
            }
        }
        if (pageUrl == null) {
            p.destroyForcibly();
            throw new AssertionError("chromium has no page to drive: " + list);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        StringBuilder partial = new StringBuilder();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                    partial.setLength(0);
                    if (message.has("id") && self[0] != null) {
                        CompletableFuture<JsonObject> f = self[0].pending.remove(message.get("id").getAsInt());
                        if (f != null) {
                            f.complete(message);
                        }
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(p, ws);
        return self[0];
    }

    /** Sends a DevTools command and waits for its result. */
    JsonObject call(String method, JsonObject params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        pending.put(id, answer);
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params == null ? new JsonObject() : params);
        synchronized (socket) {
            socket.sendText(message.toString(), true).get(30, TimeUnit.SECONDS);
        }
        JsonObject reply = answer.get(60, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.getAsJsonObject("result");
    }

    /** Sends every request of the page with this header (e.g. the credentials a person would type in). */
    void extraHeader(String name, String value) throws Exception {
        call("Network.enable", null);
        JsonObject headers = new JsonObject();
        headers.addProperty(name, value);
        JsonObject params = new JsonObject();
        params.add("headers", headers);
        call("Network.setExtraHTTPHeaders", params);
    }

    void navigate(String url) throws Exception {
        call("Page.enable", null);
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        call("Page.navigate", params);
    }

    /** The value of a script expression in the page (awaited when it is a promise), as a string. */
    String evaluate(String expression) throws Exception {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        params.addProperty("awaitPromise", true);
        JsonObject result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new AssertionError("the page's script failed: " + result.get("exceptionDetails"));
        }
        JsonObject value = result.getAsJsonObject("result");
        return value.has("value") && !value.get("value").isJsonNull() ? value.get("value").getAsString() : null;
    }

    /** Waits up to a minute for {@code expression} to be true in the page. */
    void await(String what, String expression) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = null;
        while (System.nanoTime() < deadline) {
            last = evaluate("String(" + expression + ")");
            if ("true".equals(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting in the page: " + what + " (last: " + last + ")");
    }

    void screenshot(Path png) throws Exception {
        JsonObject shot = call("Page.captureScreenshot", null);
        Files.createDirectories(png.getParent());
        Files.write(png, Base64.getDecoder().decode(shot.get("data").getAsString()));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
