package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What install --root writes, compared with render -o, through the CLI. */
class InstallTreeTest {
    private static final Path WORK = Path.of("target", "install-tree").toAbsolutePath();
    private static final List<String> BACKENDS = List.of("systemd", "launchd", "windows");

    private static Path dir(String what) throws IOException {
        return Files.createDirectories(WORK.resolve(what + "-" + UUID.randomUUID()));
    }

    private static List<Path> specs(String backend) throws Exception {
        boolean windows = backend.equals("windows");
        String exec = windows ? "'C:\\app\\app.exe'" : "/usr/bin/env";
        Path dir = dir("specs");
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "name: plain\nexec: " + exec + "\nargs: [\"a b\"]\n");
        Path supervised = dir.resolve("watched.yaml");
        Files.writeString(supervised, "name: watched\nexec: " + exec + "\nhealthCheck:\n  tcp: 127.0.0.1:8080\n"
                + "logs:\n  stdout: file\n  dir: " + (windows ? "'C:\\logs\\watched'" : "/var/log/watched")
                + "\n  rotate: {size: 1MiB, keep: 3}\n");
        return List.of(plain, supervised);
    }

    /** Every regular file under dir: its bytes and mode; links and directories are install's enablement business. */
    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (var walk = Files.walk(dir)) {
            for (Path file : walk.toList()) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(dir.relativize(file).toString(), PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(file)) + "\n" + Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    @Test
    void renderOutputAndInstallRootAreTheSameTreeForPlainAndSupervisedSpecs() throws Exception {
        for (String backend : BACKENDS) {
            List<Path> specs = specs(backend);
            Path rendered = dir("render-" + backend);
            Path installed = dir("install-" + backend);
            List<String> render = new ArrayList<>(List.of("render", "--backend", backend, "-o", rendered.toString()));
            List<String> install = new ArrayList<>(List.of("install", "--backend", backend, "--root",
                    installed.toString()));
            for (Path spec : specs) {
                render.add(spec.toString());
                install.add(spec.toString());
            }
            CliTest.Outcome r = CliTest.svcctl(render.toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
            CliTest.Outcome i = CliTest.svcctl(install.toArray(String[]::new));
            assertEquals(0, i.exitCode(), i.err());
            Map<String, String> tree = files(rendered);
            assertEquals(tree, files(installed), backend);
            assertTrue(tree.keySet().stream().anyMatch(p -> p.replace('\\', '/').endsWith("svcctl/services/watched.yaml")),
                    backend + ": the supervised spec's copy is part of the tree: " + tree.keySet());
        }
    }

    @Test
    void withoutBackendOnAHostWithoutAnInitSystemTheRootHintNamesBackend() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")),
                "this host runs systemd, so --root has a backend without --backend");
        CliTest.Outcome o = CliTest.svcctl("install", "--root", dir("hint").toString(), specs("systemd").get(0).toString());
        assertEquals(69, o.exitCode());
        assertTrue(o.err().contains("--backend systemd|windows|launchd"), o.err());
    }

}
