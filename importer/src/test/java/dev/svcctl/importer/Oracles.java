package dev.svcctl.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the reference tools (python3, node) the oracle tests compare the importers with. */
final class Oracles {
    private Oracles() {
    }

    static Path script(String name) {
        return Path.of("src", "test", "resources", "oracle", name).toAbsolutePath();
    }

    /** Skips (or fails, on CI) when {@code tool} cannot be run: {@code tool --version}, or {@code sh -c true}. */
    static void require(String tool) {
        boolean present;
        try {
            List<String> probe = tool.endsWith("sh") ? List.of(tool, "-c", "true") : List.of(tool, "--version");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (present) {
            return;
        }
        String reason = tool + " is not installed: the oracle cannot run";
        if (Corpus.onCi()) {
            throw new AssertionError(reason + " (a failure, not a skip, because CI is set)");
        }
        Assumptions.abort(reason);
    }

    /** {@code command}'s standard output (UTF-8), with {@code stdin} given to it; fails on a non-zero exit. */
    static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited " + p.exitValue());
        }
        return out;
    }

    /** {@code count} strings of up to {@code maxLength - 1} code points of {@code alphabet}, the same for a seed. */
    static List<String> randomStrings(long seed, int count, int maxLength, String alphabet) {
        java.util.Random random = new java.util.Random(seed);
        int letters = alphabet.codePointCount(0, alphabet.length());
        List<String> strings = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(maxLength);
            for (int j = 0; j < len; j++) {
                s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, random.nextInt(letters))));
            }
            strings.add(s.toString());
        }
        return strings;
    }

    /** The strings as JSON Lines, one JSON string per line: what the oracle scripts read. */
    static String jsonLines(List<String> strings) {
        com.google.gson.Gson gson = new com.google.gson.Gson();
        StringBuilder lines = new StringBuilder();
        strings.forEach(s -> lines.append(gson.toJson(s)).append('\n'));
        return lines.toString();
    }
}
