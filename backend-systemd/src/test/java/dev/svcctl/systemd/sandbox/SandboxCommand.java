package dev.svcctl.systemd.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs a host command with exact bytes in and out, a clean environment and a deadline. */
final class SandboxCommand {

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** Own threads for the three streams: blocking pipe I/O must not wait for a busy common pool. */
    private static final ExecutorService STREAMS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "systemd-sandbox stream");
        thread.setDaemon(true);
        return thread;
    });

    private SandboxCommand() {
    }

    static RawResult run(List<String> argv, byte[] stdin, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        cleanEnvironment(builder.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv.get(0), e);
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()), STREAMS);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()), STREAMS);
        CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin), STREAMS);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", argv) + "' did not finish within " + timeout);
            }
            return new RawResult(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv.get(0), e);
        }
    }

    /**
     * Commands inside the sandbox see the host's environment through nsenter; keep only what makes their output
     * predictable (no pager, no colours, UTF-8) and what a launcher needs to find Java.
     */
    private static void cleanEnvironment(Map<String, String> env) {
        String javaHome = env.get("JAVA_HOME");
        env.clear();
        env.put("PATH", PATH);
        env.put("LANG", "C.UTF-8");
        env.put("SYSTEMD_PAGER", "");
        env.put("PAGER", "cat");
        env.put("SYSTEMD_COLORS", "0");
        env.put("TERM", "dumb");
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
    }

    private static void feed(OutputStream stream, byte[] input) {
        try (stream) {
            stream.write(input);
        } catch (IOException e) {
            // The command may exit without reading its input; its exit code tells what happened.
        }
    }

    private static byte[] drain(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
