package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.spec.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactness oracle for Procfiles: each imported service's argv is run for real, and so is {@code sh -c} of the
 * command as it stands on its Procfile line (what foreman and honcho run); the programs they call are tiny argv
 * printers, so both runs must print the same arguments, byte for byte, and end the same way.
 */
class ProcfileOracleTest {
    private static final List<String> PROGRAMS = List.of("bundle", "node", "gunicorn", "celery", "tail", "grep",
            "sleep", "php", "uwsgi", "java", "rackup", "clockwork", "npm", "date", "env");

    @Test
    void everyImportedCommandRunsAsShDashCOfItsLine(@TempDir Path tmp) throws Exception {
        Oracles.require("/bin/sh");
        Path shims = Files.createDirectories(tmp.resolve("shims"));
        Path cwd = Files.createDirectories(tmp.resolve("app"));
        String printer = "#!/bin/sh\nprintf '%s\\0' \"$(basename \"$0\")\" \"$@\"\n";
        for (String p : PROGRAMS) {
            executable(shims.resolve(p), printer);
        }
        // the backup loop never ends by itself: its pg_dump ends the shell running it
        executable(shims.resolve("pg_dump"), printer + "kill -TERM $PPID\n");
        Files.createDirectories(cwd.resolve("bin"));
        Files.createDirectories(cwd.resolve("frontend"));
        executable(cwd.resolve("bin/api"), printer);
        executable(cwd.resolve("bin/exporter"), printer);
        Map<String, String> env = Map.of("PATH", shims + ":/usr/bin:/bin", "PORT", "5000", "HOME", "/nonexistent",
                "DATABASE_URL", "postgres://u:p@db/app", "BACKUP_DIR", tmp.toString(), "APP_MODULE", "app.wsgi",
                "LANG", "C.UTF-8");
        int compared = 0;
        for (Path file : Corpus.files("procfile")) {
            SourceFile source = Corpus.source(file);
            ImportResult result;
            try {
                result = new ProcfileImporter().read(source);
            } catch (ImportException e) {
                continue; // refusals are the corpus test's business
            }
            for (ServiceSpec spec : result.specs()) {
                String original = originalCommand(source.text(), spec.name());
                Outcome imported = run(spec.argv(), cwd, env);
                Outcome shell = run(List.of("/bin/sh", "-c", original), cwd, env); // as foreman spawns it
                assertEquals(shell, imported, file.getFileName() + " [" + spec.name() + "]");
                assertTrue(imported.stdout().length() > 0 || imported.exit() != 0,
                        file.getFileName() + " [" + spec.name() + "] printed nothing: the oracle saw no argv");
                compared++;
            }
        }
        System.out.println("procfile oracle: " + compared + " commands print the same argv as sh -c of their line");
        assertTrue(compared >= 15, "the corpus holds at least 15 commands");
    }

    /** The command on {@code name}'s line, as foreman's line rule takes it: after the colon and any blanks. */
    private static String originalCommand(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + ":")) {
                String rest = line.substring(name.length() + 1);
                if (rest.endsWith("\r")) {
                    rest = rest.substring(0, rest.length() - 1);
                }
                return rest.replaceFirst("^\\s+", "");
            }
        }
        throw new AssertionError("no line for " + name);
    }

    private record Outcome(String stdout, String stderr, int exit) {
    }

    private static Outcome run(List<String> argv, Path cwd, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(argv + " did not end within 30s");
        }
        return new Outcome(out.replace('\0', '|'), err, p.exitValue());
    }

    private static void executable(Path path, String text) throws IOException {
        Files.writeString(path, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
