package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.svcctl.systemd.sandbox.Prerequisites;
import dev.svcctl.systemd.sandbox.RawResult;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Ansible collection's own integration target (contrib/ansible/.../tests/integration/targets/service) run by
 * Debian's ansible-playbook inside a booted sandbox (connection local), so that the svcctl.svcctl.service module
 * drives this build's svcctl against a real systemd. The playbook asserts each step itself; this test reads
 * ansible's JSON report and checks that every "Check:" task ran and passed, the changed flags of the steps the
 * acceptance names, and from outside that nothing is left installed.
 */
@ExtendWith(SystemdSandboxExtension.class)
class AnsibleCollectionInSystemdSandboxTest {
    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    @Test
    void theCollectionsIntegrationTargetPassesAgainstSystemd(SystemdSandbox sandbox) throws Exception {
        Prerequisites.require(onPath("ansible-playbook"),
                "ansible-playbook is not installed (Debian: apt-get install ansible-core)");
        Path collections = collectionsRoot();
        Path collection = collections.resolve("ansible_collections/svcctl/svcctl");
        Path target = collection.resolve("tests/integration/targets/service/tasks/main.yml");
        // The module finds svcctl on the PATH: a launcher of this build's classes (the project is shared inside).
        Path bin = Files.createDirectories(InsideSandbox.WORK.resolve("ansible-bin"));
        InsideSandbox.launcherScript(bin, InsideSandbox.readableClassPath(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC");
        Path specs = Files.createDirectories(InsideSandbox.WORK.resolve("ansible-specs"));

        RawResult run = sandbox.execRaw(Duration.ofMinutes(15), new byte[0], "env",
                "PATH=" + bin + ":" + PATH, "HOME=/root", "LC_ALL=C.UTF-8",
                "ANSIBLE_COLLECTIONS_PATH=" + collections, "ANSIBLE_STDOUT_CALLBACK=json",
                "ANSIBLE_LOCAL_TEMP=/tmp/ansible-local", "ANSIBLE_REMOTE_TEMP=/tmp/ansible-remote",
                "ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=0", "ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3",
                "ansible-playbook", "-i", "localhost,", "-c", "local", "-e", "spec_dir=" + specs,
                collection.resolve("tests/integration/service.yml").toString());
        String out = run.stdoutText();
        String report = "ansible-playbook exited " + run.exitCode() + "\nstderr:\n" + run.stderrText()
                + "\nfailed tasks:\n" + failures(out);
        JsonObject document = JsonParser.parseString(out.substring(Math.max(0, out.indexOf('{')))).getAsJsonObject();
        JsonObject stats = document.getAsJsonObject("stats").getAsJsonObject("localhost");
        assertEquals(0, stats.get("failures").getAsInt(), report);
        assertEquals(0, stats.get("unreachable").getAsInt(), report);
        assertEquals(0, run.exitCode(), report);
        // The three error cases are expected failures, ignored by the playbook and asserted there.
        assertEquals(3, stats.get("ignored").getAsInt(), report);

        Map<String, JsonObject> tasks = tasks(document);
        long checks = Files.readAllLines(target).stream().filter(l -> l.trim().startsWith("- name: \"Check:")).count();
        long passed = tasks.entrySet().stream().filter(t -> t.getKey().startsWith("Check:"))
                .filter(t -> !bool(t.getValue(), "failed") && !bool(t.getValue(), "skipped")).count();
        assertTrue(checks >= 12, "the target has its checks: " + checks);
        assertEquals(checks, passed, "every Check: task of the target ran and passed\n" + report);

        Map<String, Boolean> changed = new LinkedHashMap<>();
        changed.put("Install in check mode, with a diff", true);
        changed.put("Install and start", true);
        changed.put("Install and start again", false);
        changed.put("Stop", true);
        changed.put("Stop again", false);
        changed.put("Restart", true);
        changed.put("Disable", true);
        changed.put("Disable again", false);
        changed.put("Remove in check mode", true);
        changed.put("Remove", true);
        changed.put("Remove again", false);
        changed.forEach((task, expected) -> {
            assertTrue(tasks.containsKey(task), "task ran: " + task);
            assertEquals(expected, bool(tasks.get(task), "changed"), "changed of '" + task + "'");
        });
        // Check mode installed nothing: the observation right after it saw no service.
        assertEquals("not-installed", JsonParser.parseString(tasks.get("Status after the check-mode run")
                .get("stdout").getAsString()).getAsJsonObject().getAsJsonArray("services").get(0).getAsJsonObject()
                .get("state").getAsString());

        InsideSandbox inside = new InsideSandbox(sandbox);
        for (String name : List.of("ansible-test-web", "ansible-test-file")) {
            InsideSandbox.Run status = inside.svcctl("status", name);
            assertEquals(4, status.exitCode(), name + " is left installed: " + status.out() + status.err());
        }
        assertFalse(sandbox.execRaw(new byte[0], "test", "-e", "/etc/systemd/system/ansible-test-web.service").ok(),
                "the unit file is gone");
    }

    /** The per-host result of each task of the play, by task name (the last run of a name wins). */
    private static Map<String, JsonObject> tasks(JsonObject document) {
        Map<String, JsonObject> tasks = new LinkedHashMap<>();
        for (JsonElement play : document.getAsJsonArray("plays")) {
            for (JsonElement task : play.getAsJsonObject().getAsJsonArray("tasks")) {
                JsonObject t = task.getAsJsonObject();
                JsonObject host = t.getAsJsonObject("hosts").getAsJsonObject("localhost");
                if (host != null) {
                    tasks.put(t.getAsJsonObject("task").get("name").getAsString(), host);
                }
            }
        }
        return tasks;
    }

    private static boolean bool(JsonObject result, String key) {
        return result.has(key) && result.get(key).getAsBoolean();
    }

    /** The failed tasks' names and messages (the ignored ones too), for the assertion messages. */
    private static String failures(String out) {
        try {
            StringBuilder text = new StringBuilder();
            tasks(JsonParser.parseString(out.substring(Math.max(0, out.indexOf('{')))).getAsJsonObject())
                    .forEach((name, result) -> {
                        if (bool(result, "failed")) {
                            text.append(name).append(": ").append(result.get("msg")).append('\n');
                        }
                    });
            return text.toString();
        } catch (RuntimeException e) {
            return "(no JSON report: " + e + ")\n" + out;
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", PATH).split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** contrib/ansible of this checkout: the directory that holds ansible_collections/. */
    private static Path collectionsRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("contrib/ansible");
            if (Files.isDirectory(candidate.resolve("ansible_collections/svcctl/svcctl"))) {
                return candidate;
            }
        }
        throw new IOException("contrib/ansible not found above " + Path.of("").toAbsolutePath());
    }
}
