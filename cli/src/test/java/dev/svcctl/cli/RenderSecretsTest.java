package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** render prints env's values masked unless --show-secrets; -o and install --root write them, privately (#14). */
class RenderSecretsTest {
    private static final String SPEC = "name: api\nexec: /usr/bin/app\nenv:\n  DB_PASSWORD: s3cret\n  EMPTY: \"\"\n";

    private record Out(int exit, String out, String err) {
    }

    private static Out svcctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Out(exit, out.toString(), err.toString());
    }

    private static Path spec(String name, String yaml) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "render-secrets").toAbsolutePath());
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void everyBackendsOutputMasksTheValuesInTextAndJson() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (String backend : List.of("systemd", "launchd", "windows")) {
            String yaml = backend.equals("windows") ? SPEC.replace("/usr/bin/app", "'C:\\app\\app.exe'") : SPEC;
            Path nativeSpec = spec(backend + "-native.yaml", yaml);
            Path supervised = spec(backend + "-supervised.yaml", yaml + "supervisor: svcctl\n");
            for (Path spec : List.of(nativeSpec, supervised)) {
                for (boolean json : List.of(false, true)) {
                    List<String> args = new ArrayList<>(List.of("render", spec.toString(), "--backend", backend));
                    if (json) {
                        args.add("--json");
                    }
                    Out render = svcctl(args.toArray(String[]::new));
                    assertEquals(0, render.exit(), render.err());
                    if (render.out().contains("s3cret") || !render.out().contains("secret: 6 bytes")) {
                        leaks.add(backend + " " + spec.getFileName() + (json ? " --json" : "") + ":\n" + render.out());
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void showSecretsPrintsTheRealFiles() throws Exception {
        Out render = svcctl("render", spec("native.yaml", SPEC).toString(), "--backend", "systemd",
                "--show-secrets");

        assertEquals(0, render.exit(), render.err());
        assertTrue(render.out().contains("DB_PASSWORD=\"s3cret\"\nEMPTY=\"\"\n"), render.out());
        assertFalse(render.out().contains("<secret"), render.out());
    }

    @Test
    void renderOutputAndInstallRootWriteTheRealValuesReadableByTheOwnerOnly() throws Exception {
        Path out = Path.of("target", "render-secrets", "out-" + System.nanoTime()).toAbsolutePath();
        Out render = svcctl("render", spec("native.yaml", SPEC).toString(), "--backend", "systemd", "-o",
                out.toString());
        assertEquals(0, render.exit(), render.err());
        assertFalse(render.out().contains("s3cret"), render.out());
        Path envFile = out.resolve("etc/svcctl/env/api.env");
        assertTrue(Files.readString(envFile).contains("DB_PASSWORD=\"s3cret\""));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve("etc/systemd/system/api.service"))));

        Path root = Path.of("target", "render-secrets", "root-" + System.nanoTime()).toAbsolutePath();
        Out install = svcctl("install", spec("supervised.yaml", SPEC + "supervisor: svcctl\n").toString(),
                "--backend", "systemd", "--root", root.toString(), "--svcctl-path", "/usr/bin/svcctl");
        assertEquals(0, install.exit(), install.err());
        Path copy = root.resolve("etc/svcctl/services/api.yaml");
        assertTrue(Files.readString(copy).contains("s3cret"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }
}
