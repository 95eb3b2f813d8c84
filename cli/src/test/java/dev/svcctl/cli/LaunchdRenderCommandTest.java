package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code svcctl render --backend launchd app.yaml} on a host that is not macOS. Fixtures stay under target/. */
class LaunchdRenderCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run svcctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path dir() throws Exception {
        return Files.createDirectories(Path.of("target", "launchd-render-" + System.nanoTime()).toAbsolutePath());
    }

    @Test
    void printsThePlist() throws Exception {
        Path spec = Files.writeString(dir().resolve("app.yaml"),
                "name: app\nexec: /opt/app/bin/app\nargs: [\"a & b\", \"<c>\"]\n");
        Run run = svcctl("render", "--backend", "launchd", spec.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC"), run.out());
        assertTrue(run.out().contains("<key>Label</key>\n\t<string>app</string>"), run.out());
        assertTrue(run.out().contains("<string>a &amp; b</string>\n\t\t<string>&lt;c&gt;</string>"), run.out());
    }

    @Test
    void writesDaemonsAndAgentsAtTheirInstallPathsUnderTheOutputDirectory() throws Exception {
        Path dir = dir();
        Path daemon = Files.writeString(dir.resolve("d.yaml"), "name: d\nexec: /bin/d\n");
        Path agent = Files.writeString(dir.resolve("a.yaml"), "name: a\nexec: /bin/a\nscope: user\n");
        Path out = dir.resolve("out");
        Run run = svcctl("render", "--backend", "launchd", "-o", out.toString(), daemon.toString(), agent.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(out.resolve("Library/LaunchDaemons/d.plist")), run.out());
        assertTrue(Files.isRegularFile(out.resolve("Library/LaunchAgents/a.plist")), run.out());
    }

    @Test
    void aControlCharacterIsAnInvalidSpecNamingItsKeyAndLine() throws Exception {
        Path spec = Files.writeString(dir().resolve("bad.yaml"), "name: bad\nexec: /bin/x\nargs: [\"ok\", \"bell\\x07\"]\n");
        Run run = svcctl("render", "--backend", "launchd", spec.toString());
        assertEquals(65, run.exitCode());
        assertTrue(run.err().contains("bad.yaml:3:") && run.err().contains("args[1]: contains U+0007"), run.err());
    }
}
