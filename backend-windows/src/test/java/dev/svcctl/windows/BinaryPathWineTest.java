package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.backend.Host;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The rendered binary path starts what it names: Wine's SCM runs it for a service whose java.exe is a stand-in
 * (fakejava.c) placed at JAVA\bin\java.exe under a Java home and a svcctl home with spaces and non-ASCII characters.
 * The stand-in records the command line the SCM gave it and CommandLineToArgvW's argv of it, and serves SCM controls
 * like the host, so the service reaches RUNNING and, on STOP, STOPPED.
 */
class BinaryPathWineTest {

    @Test
    void theScmStartsSvcctlsJavaWithExactlyTheRenderedArguments() throws Exception {
        WineTools.assumeAvailable();
        Path fakeJava = WineTools.compile("java.exe", List.of("fakejava.c"), "-municode", "-ladvapi32", "-lshell32");
        Path starter = WineTools.compile("svcstart.exe", List.of("svcstart.c"), "-municode", "-ladvapi32");
        String home = "C:\\Program Files\\svc ctl ünï 日本";
        String java = home + "\\jre (x64)";
        Path javaBin = WineTools.driveC().resolve("Program Files/svc ctl ünï 日本/jre (x64)/bin");
        Files.createDirectories(javaBin);
        Files.copy(fakeJava, javaBin.resolve("java.exe"), StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(javaBin.resolve("argv.txt"));

        String name = "svcctl-bp-" + UUID.randomUUID().toString().substring(0, 8);
        RenderOptions options = new RenderOptions(RenderOptions.DEFAULT_SVCCTL, false, Optional.of(home),
                Optional.of(java));
        ServiceSpec spec = ServiceSpec.builder(name, "C:\\app\\app.exe").build();
        String binaryPath = (String) new WindowsBackend().render(spec, options).registration().get("binaryPath");
        WineTools.Result run = WineTools.wine(starter, List.of(),
                "name=" + hex(name) + "\nbinary=" + hex(binaryPath) + "\n", 120);

        Map<String, String> facts = facts(run.stdout());
        String context = run.stdout() + run.stderr();
        assertEquals("ok", facts.get("create"), context);
        assertEquals("ok", facts.get("start"), context);
        assertEquals("yes", facts.get("running"), context);
        assertEquals("ok", facts.get("stop"), context);
        assertEquals("yes", facts.get("stopped"), context);
        assertEquals("ok", facts.get("delete"), context);

        List<String> received = new ArrayList<>();
        String line = null;
        for (String entry : Files.readAllLines(javaBin.resolve("argv.txt"))) {
            if (entry.startsWith("line=")) {
                line = unhex(entry.substring(5));
            } else if (entry.startsWith("arg=")) {
                received.add(unhex(entry.substring(4)));
            }
        }
        assertEquals(binaryPath, line, "the SCM passes the binary path as the command line");
        assertEquals(WindowsLaunch.of(options, Host.CURRENT, p -> null).hostArgv(name), received);
    }

    private static Map<String, String> facts(String stdout) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String l : stdout.split("\r?\n")) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                facts.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        return facts;
    }

    private static String hex(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(String.format("%04x", (int) c));
        }
        return out.toString();
    }

    private static String unhex(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 4 <= hex.length(); i += 4) {
            out.append((char) Integer.parseInt(hex.substring(i, i + 4), 16));
        }
        return out.toString();
    }
}
