package dev.svcctl.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped completion scripts, loaded into a real bash (and checked by zsh): service names come from
 * {@code svcctl list} (here a stub svcctl on PATH that knows {@code web}, {@code worker} and {@code api} and records
 * how it was called), backends from the model, spec files from the directory.
 */
class CompletionIT {
    private static final Path COMPLETION = Path.of(System.getProperty("svcctl.dist")).resolve("completion");
    private static Path dir;

    @BeforeAll
    static void stubAndSpecs() throws Exception {
        dir = Files2.freshDirectory("completion");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path stub = bin.resolve("svcctl");
        Files.writeString(stub, "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/calls\"\n"
                + "[ \"$1\" = list ] && printf 'web  running\\nworker  stopped  (hand-edited)\\napi  running\\n'\n"
                + "exit 0\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path specs = Files.createDirectories(dir.resolve("specs"));
        for (String name : List.of("web.yaml", "worker.yml", "notes.txt")) {
            Files.writeString(specs.resolve(name), "");
        }
        Files.createDirectories(specs.resolve("wconf"));
    }

    /** What bash offers for the words typed so far (the last one is the word being completed). */
    private static String complete(String... words) throws Exception {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            line.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        String script = "source \"$0\" || exit 9; complete -p svcctl | grep -q -- '-F _svcctl' || exit 8;"
                + " COMP_WORDS=(" + line + "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _svcctl;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' '";
        Map<String, String> env = Map.of("PATH", dir.resolve("bin") + ":/usr/bin:/bin", "HOME", dir.toString());
        Run run = Run.of(dir.resolve("specs"), env, List.of("bash", "--norc", "--noprofile", "-c", script,
                COMPLETION.resolve("svcctl.bash").toString()));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        return run.out().strip();
    }

    private static List<String> calls() throws Exception {
        Path calls = dir.resolve("bin/calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void serviceNamesComeFromSvcctlList() throws Exception {
        int before = calls().size();
        assertEquals("web worker", complete("svcctl", "status", "w"));
        assertEquals(List.of("list"), calls().subList(before, calls().size()));
        for (String verb : List.of("start", "stop", "restart", "reload", "uninstall", "logs", "enable", "disable",
                "cat")) {
            assertEquals("web worker", complete("svcctl", verb, "w"), verb);
        }
    }

    @Test
    void theScopeAndBackendOnTheLineReachSvcctlList() throws Exception {
        int before = calls().size();
        assertEquals("api web worker", complete("svcctl", "stop", "--user", "-b", "launchd", ""));
        assertEquals(List.of("list --user --backend launchd"), calls().subList(before, calls().size()));
    }

    @Test
    void backendsComeFromTheModel() throws Exception {
        assertEquals("launchd systemd windows", complete("svcctl", "status", "--backend", ""));
        assertEquals("launchd systemd windows", complete("svcctl", "render", "-b", ""));
        assertEquals("systemd", complete("svcctl", "install", "--backend", "s"));
    }

    @Test
    void specFileVerbsOfferYamlFilesAndDirectories() throws Exception {
        for (String verb : List.of("install", "validate", "render")) {
            assertEquals("wconf web.yaml worker.yml", complete("svcctl", verb, "w"), verb);
        }
    }

    @Test
    void importOffersEveryFileAndDirectoryForTheDefinitionsOfOtherTools() throws Exception {
        assertEquals("notes.txt", complete("svcctl", "import", "n"), "not only spec files");
        assertEquals("wconf web.yaml worker.yml", complete("svcctl", "import", "w"));
        assertEquals("wconf", complete("svcctl", "import", "-o", "w"), "-o takes a directory");
    }

    @Test
    void commandsOptionsAndOneNameForLogs() throws Exception {
        assertEquals("render", complete("svcctl", "ren"));
        assertEquals("--json", complete("svcctl", "status", "--js"));
        assertEquals("start status stop", complete("svcctl", "help", "st"));
        assertEquals("", complete("svcctl", "logs", "web", ""), "logs takes one name");
        assertEquals("", complete("svcctl", "logs", "--lines", ""), "a number completes to nothing");
    }

    @Test
    void theZshScriptParses() throws Exception {
        Path zsh = Path.of("/usr/bin/zsh");
        if (System.getenv("CI") == null) {
            Assumptions.assumeTrue(Files.isExecutable(zsh), "zsh is not installed here (.ci/run installs it)");
        }
        Run run = Run.of(dir, List.of(zsh.toString(), "-n", COMPLETION.resolve("_svcctl").toString()));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.readString(COMPLETION.resolve("_svcctl")).startsWith("#compdef svcctl\n"));
    }

    @Test
    void theFishScriptIsThere() throws Exception {
        String fish = Files.readString(COMPLETION.resolve("svcctl.fish"));
        assertTrue(fish.contains("complete -c svcctl -n '__fish_seen_subcommand_from status' -a '(__svcctl_service_names)'"),
                fish);
        assertTrue(fish.contains("-l backend -d") && fish.contains("-a 'systemd windows launchd'"), fish);
    }
}
