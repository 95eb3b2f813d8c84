package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #17's acceptance for the verbs, with the real svcctl against a real systemd: stop twice (changed, then
 * "already stopped"), enable --now / disable --now and back, a re-install that keeps what disable chose, cat with a
 * secret masked, uninstall of an absent name (exit 0, "absent").
 */
@ExtendWith(SystemdSandboxExtension.class)
class VerbsInSystemdSandboxTest {
    private static SystemdSandbox sandbox;
    private static InsideSandbox inside;

    @BeforeEach
    void boot(SystemdSandbox booted) throws Exception {
        if (sandbox == booted) {
            return;
        }
        sandbox = booted;
        inside = new InsideSandbox(sandbox);
    }

    private static InsideSandbox.Run ok(String... args) throws Exception {
        InsideSandbox.Run run = inside.svcctl(args);
        assertEquals(0, run.exitCode(), String.join(" ", args) + ": " + run.out() + run.err());
        return run;
    }

    private static String systemctl(String verb, String unit) {
        return sandbox.exec("systemctl", verb, unit).stdout().strip();
    }

    @Test
    void stopTwiceThenDisableNowAndEnableNowRoundTrip() throws Exception {
        String name = "verbs-web";
        Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sleep\nargs: [\"1000\"]\n");
        ok("install", spec.toString());
        assertEquals("enabled", systemctl("is-enabled", name + ".service"));

        assertEquals(name + ": stopped\n", ok("stop", name).out());
        assertEquals(name + ": already stopped\n", ok("stop", name).out());
        assertEquals(name + ": running\n", ok("start", name).out());

        assertEquals(name + ": disabled, stopped\n", ok("disable", "--now", name).out());
        assertEquals("disabled", systemctl("is-enabled", name + ".service"));
        assertEquals("inactive", systemctl("is-active", name + ".service"));
        assertEquals(name + ": already disabled, already stopped\n", ok("disable", "--now", name).out());
        JsonNode off = JsonDocsTest.matches("disable", ok("disable", "--json", name).out()).at("/services/0");
        assertEquals("disable", off.get("action").asText());
        assertFalse(off.get("changed").asBoolean());
        assertFalse(off.get("enabled").asBoolean());
        assertTrue(off.get("status").isNull(), "no start or stop without --now: " + off);

        ok("install", spec.toString());
        assertEquals("disabled", systemctl("is-enabled", name + ".service"), "a re-install keeps the choice");
        assertEquals("active", systemctl("is-active", name + ".service"), "install starts what does not run");
        ok("stop", name);

        assertEquals(name + ": enabled, running\n", ok("enable", "--now", name).out());
        assertEquals("enabled", systemctl("is-enabled", name + ".service"));
        assertEquals("active", systemctl("is-active", name + ".service"));
        JsonNode on = JsonDocsTest.matches("enable", ok("enable", "--now", "--json", name).out()).at("/services/0");
        assertEquals("enable", on.get("action").asText());
        assertFalse(on.get("changed").asBoolean(), "enabled and running already: " + on);
        assertTrue(on.get("enabled").asBoolean());
        assertEquals("running", on.at("/status/state").asText());

        assertEquals(name + ": removed\n", ok("uninstall", name).out());
        InsideSandbox.Run again = ok("uninstall", name);
        assertEquals(name + ": absent\n", again.out());
    }

    @Test
    void enableOfAManualServiceMakesItStartAtBootAndDisableUndoesIt() throws Exception {
        String name = "verbs-manual";
        Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sleep\nargs: [\"1000\"]\n"
                + "startup: manual\n");
        ok("install", spec.toString());
        assertFalse(systemctl("is-enabled", name + ".service").equals("enabled"));

        assertEquals(name + ": enabled\n", ok("enable", name).out());
        assertEquals("enabled", sandbox.exec("systemctl", "show", "-p", "UnitFileState", "--value",
                name + ".service").stdout().strip());
        assertTrue(sandbox.exec("systemctl", "list-dependencies", "multi-user.target").stdout().contains(name),
                "wanted by multi-user.target");
        assertEquals(name + ": disabled\n", ok("disable", name).out());
        assertFalse(sandbox.exec("systemctl", "list-dependencies", "multi-user.target").stdout().contains(name));
        ok("uninstall", name);
    }

    @Test
    void catShowsWhatIsInstalledWithTheSecretMasked() throws Exception {
        String name = "verbs-cat";
        Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sleep\nargs: [\"1000\"]\n"
                + "env:\n  DB_PASSWORD: s3cret-cat\n");
        ok("install", spec.toString());

        String cat = ok("cat", name).out();
        assertFalse(cat.contains("s3cret-cat"), cat);
        assertTrue(cat.startsWith("# /etc/systemd/system/" + name + ".service\n# svcctl-managed"), cat);
        assertTrue(cat.contains("\n# /etc/svcctl/env/" + name + ".env\n"), cat);
        assertTrue(cat.contains("DB_PASSWORD=<secret: 10 bytes>"), cat);
        assertTrue(sandbox.execOk("cat", "/etc/svcctl/env/" + name + ".env").contains("s3cret-cat"),
                "the file itself holds the value");
        String json = ok("cat", "--json", name).out();
        assertFalse(json.contains("s3cret-cat"), json);
        JsonNode files = JsonDocsTest.matches("cat", json).get("files");
        assertEquals("/etc/systemd/system/" + name + ".service", files.get(0).get("path").asText());
        assertTrue(files.get(0).get("content").asText().startsWith("# svcctl-managed"), json);
        InsideSandbox.Run missing = inside.svcctl("cat", "--json", "verbs-nothing");
        assertEquals(4, missing.exitCode());
        assertEquals(4, JsonDocsTest.matches("error", missing.out()).at("/error/exitCode").asInt());

        sandbox.execOk("sh", "-c", "printf '[Service]\\nExecStart=/bin/sleep 1000\\nEnvironment=T=hidden-value\\n'"
                + " > /etc/systemd/system/verbs-theirs.service && systemctl daemon-reload");
        InsideSandbox.Run foreign = inside.svcctl("cat", "verbs-theirs");
        assertEquals(1, foreign.exitCode(), foreign.out());
        assertFalse(foreign.out().contains("hidden-value"));
        assertEquals(4, inside.svcctl("cat", "verbs-nothing").exitCode());
        ok("uninstall", name);
    }

    @Test
    void aNameInstalledFromAnotherSpecFileThanLastTimeIsReported() throws Exception {
        String name = "verbs-twin";
        String yaml = "name: " + name + "\nexec: /bin/sleep\nargs: [\"1000\"]\n";
        Path a = InsideSandbox.spec("verbs-twin-a.yaml", yaml);
        Path b = InsideSandbox.spec("verbs-twin-b.yaml", yaml);
        assertEquals("", ok("install", a.toString()).err());
        assertEquals("", ok("install", a.toString()).err());
        InsideSandbox.Run other = ok("install", "--json", b.toString());
        assertEquals("svcctl: warning: " + name + " was installed from " + a.toAbsolutePath().normalize()
                + "; now from " + b.toAbsolutePath().normalize() + "\n", other.err());
        assertTrue(other.out().contains("\"formerSource\": \"" + a.toAbsolutePath().normalize() + "\""),
                other.out());
        assertEquals(b.toAbsolutePath().normalize().toString(),
                sandbox.execOk("tail", "-n", "1", "/etc/svcctl/services/" + name + ".source").strip());
        ok("uninstall", name);
        assertEquals(1, sandbox.exec("test", "-e", "/etc/svcctl/services/" + name + ".source").exitCode());
    }
}
