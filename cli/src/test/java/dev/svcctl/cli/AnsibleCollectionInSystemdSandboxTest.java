package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Ansible collection's own integration target (contrib/ansible/.../tests/integration/targets/service) run by
 * Debian's ansible-playbook inside a booted sandbox (connection local), so that the svcctl.svcctl.service module
 * drives this build's svcctl against a real systemd. The playbook asserts each step itself; this test reads
 * ansible's report and checks that every "Check:" task ran and passed, the outcome (changed or ok) of the steps the
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

        // ansible-core has no JSON stdout callback (that one is in community.general): the default one's text is
        // read instead, a "TASK [name]" header followed by the outcome line of localhost.
        RawResult run = sandbox.execRaw(Duration.ofMinutes(15), new byte[0], "env",
                "PATH=" + bin + ":" + PATH, "HOME=/root", "LC_ALL=C.UTF-8",
                "ANSIBLE_COLLECTIONS_PATH=" + collections, "ANSIBLE_STDOUT_CALLBACK=default",
                "ANSIBLE_LOCAL_TEMP=/tmp/ansible-local", "ANSIBLE_REMOTE_TEMP=/tmp/ansible-remote",
                "ANSIBLE_NOCOLOR=1", "ANSIBLE_RETRY_FILES_ENABLED=0", "ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3",
                "ansible-playbook", "-i", "localhost,", "-c", "local", "-e", "spec_dir=" + specs,
                collection.resolve("tests/integration/service.yml").toString());
        String out = run.stdoutText();
        String report = "ansible-playbook exited " + run.exitCode() + "\nstdout:\n" + out + "\nstderr:\n"
                + run.stderrText();
        Matcher recap = Pattern.compile("localhost\\s+: ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)"
                + "\\s+failed=(\\d+)\\s+skipped=(\\d+)\\s+rescued=(\\d+)\\s+ignored=(\\d+)").matcher(out);
        assertTrue(recap.find(), "the play recap\n" + report);
        assertEquals("0", recap.group(3), "unreachable\n" + report);
        assertEquals("0", recap.group(4), "failed\n" + report);
        assertEquals(0, run.exitCode(), report);
        // The three error cases are expected failures, ignored by the playbook and asserted there.
        assertEquals("3", recap.group(7), "ignored\n" + report);

        Map<String, String> tasks = outcomes(out);
        long checks = Files.readAllLines(target).stream().filter(l -> l.trim().startsWith("- name: \"Check:")).count();
        long passed = tasks.entrySet().stream().filter(t -> t.getKey().startsWith("Check:"))
                .filter(t -> t.getValue().equals("ok")).count();
        assertTrue(checks >= 12, "the target has its checks: " + checks);
        assertEquals(checks, passed, "every Check: task of the target ran and passed\n" + report);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Install in check mode, with a diff", "changed");
        expected.put("Install and start", "changed");
        expected.put("Install and start again", "ok");
        expected.put("Stop", "changed");
        expected.put("Stop again", "ok");
        expected.put("Restart", "changed");
        expected.put("Disable", "changed");
        expected.put("Disable again", "ok");
        expected.put("Remove in check mode", "changed");
        expected.put("Remove", "changed");
        expected.put("Remove again", "ok");
        expected.put("An invalid spec", "fatal");
        expected.forEach((task, outcome) -> assertEquals(outcome, tasks.get(task), "outcome of '" + task + "'\n"
                + report));

        InsideSandbox inside = new InsideSandbox(sandbox);
        for (String name : List.of("ansible-test-web", "ansible-test-file")) {
            InsideSandbox.Run status = inside.svcctl("status", name);
            assertEquals(4, status.exitCode(), name + " is left installed: " + status.out() + status.err());
        }
        assertFalse(sandbox.execRaw(new byte[0], "test", "-e", "/etc/systemd/system/ansible-test-web.service").ok(),
                "the unit file is gone");
    }

    /** The outcome of each task on localhost ({@code ok}, {@code changed}, {@code fatal}...) by task name. */
    private static Map<String, String> outcomes(String out) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        Pattern header = Pattern.compile("^TASK \\[(.*)\\] \\**$");
        Pattern outcome = Pattern.compile("^(ok|changed|fatal|failed|skipping): \\[localhost\\]");
        String task = null;
        for (String line : out.split("\n")) {
            Matcher m = header.matcher(line);
            if (m.find()) {
                task = m.group(1);
                continue;
            }
            Matcher o = outcome.matcher(line);
            if (task != null && o.find()) {
                outcomes.put(task, o.group(1));
                task = null;
            }
        }
        return outcomes;
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
