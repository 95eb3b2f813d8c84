package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * python3's plistlib as an independent plist parser: parses files and hands back what it read, as JSON. Missing
 * python3 skips the test locally and fails it when CI is set.
 */
final class PlistLib {
    private static final String SCRIPT = String.join("\n",
            "import json, plistlib, sys",
            "out = []",
            "for f in sys.argv[1:]:",
            "    with open(f, 'rb') as fh:",
            "        out.append(plistlib.load(fh, fmt=plistlib.FMT_XML))",
            "sys.stdout.write(json.dumps(out, ensure_ascii=True))");

    private PlistLib() {
    }

    static void requirePython() {
        boolean present;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import plistlib").redirectErrorStream(true).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        if (!present && System.getenv("CI") != null) {
            fail("python3 with plistlib is required in CI (it is the independent plist parser)");
        }
        Assumptions.assumeTrue(present, "python3 with plistlib is not installed: the independent parser check is skipped");
    }

    /** Parses each file with plistlib; a parse error fails the test with python's message. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parse(List<Path> files) throws IOException, InterruptedException {
        requirePython();
        List<String> argv = new ArrayList<>(List.of("python3", "-c", SCRIPT));
        files.forEach(f -> argv.add(f.toString()));
        Path stdout = Files.createTempFile(files.get(0).getParent(), "plistlib", ".json");
        Path stderr = Files.createTempFile(files.get(0).getParent(), "plistlib", ".err");
        try {
            Process p = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("plistlib did not finish");
            }
            assertEquals(0, p.exitValue(), () -> "plistlib rejected a plist: " + read(stderr));
            return new ObjectMapper().readValue(stdout.toFile(), List.class);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    static Map<String, Object> parse(Path file) throws IOException, InterruptedException {
        return parse(List.of(file)).get(0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
