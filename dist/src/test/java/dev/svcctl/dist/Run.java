package dev.svcctl.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to completion and keeps what it printed. */
record Run(int exitCode, String out, String err) {
    static Run of(Path workingDirectory, Map<String, String> environment, List<String> command) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Path stdout = Files2.scratchFile(workingDirectory, "stdout");
        Path stderr = Files2.scratchFile(workingDirectory, "stderr");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Run(process.exitValue(), java.nio.file.Files.readString(stdout, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(stderr, StandardCharsets.UTF_8));
    }

    static Run of(Path workingDirectory, List<String> command) throws IOException, InterruptedException {
        return of(workingDirectory, Map.of(), command);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
