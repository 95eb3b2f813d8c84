package dev.svcctl.cli;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code svcctl serve} (or {@code svcctl run}) in a JVM of its own, on a runtime directory of the test's own so that
 * the supervisor backend sees exactly the services the test starts.
 */
final class ServeProcess implements AutoCloseable {
    final Process process;
    final String url;
    final Path stderr;

    private ServeProcess(Process process, String url, Path stderr) {
        this.process = process;
        this.url = url;
        this.stderr = stderr;
    }

    static Path freshDir(String name) throws IOException {
        Path dir = Path.of("target", "test-work", "serve", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** A svcctl command in its own JVM with {@code runtime} as its runtime directory. */
    static ProcessBuilder svcctl(Path runtime, String... args) {
        ProcessBuilder builder = SvcctlJvm.command(args);
        builder.environment().put("SVCCTL_RUNTIME_DIR", runtime.toString());
        return builder;
    }

    /** Starts {@code svcctl serve ARGS} and waits for the line that says where it listens. */
    static ServeProcess start(Path runtime, Path dir, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        Path err = dir.resolve("serve-" + System.nanoTime() + ".err");
        Process p = svcctl(runtime, all.toArray(String[]::new)).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("svcctl serve: listening on ")) {
            p.destroyForcibly();
            throw new AssertionError("svcctl serve did not start: " + line + "\n" + Files.readString(err));
        }
        String url = line.substring("svcctl serve: listening on ".length()).split(" ")[0];
        return new ServeProcess(p, url, err);
    }

    /** Runs {@code svcctl serve ARGS}, expecting it to refuse: its exit code and stderr. */
    static CliTest.Outcome refused(Path runtime, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve"));
        all.addAll(List.of(args));
        Process p = svcctl(runtime, all.toArray(String[]::new)).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("svcctl serve " + all + " did not refuse: it still runs");
        }
        return new CliTest.Outcome(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    String log() throws IOException {
        return Files.readString(stderr);
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
