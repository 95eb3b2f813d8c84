package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.systemd.sandbox.ProcessImage;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #14's acceptance for secrets, with the real svcctl installing into a real systemd: after installing a spec
 * with {@code env: {DB_PASSWORD: s3cret}}, no file that nobody can read holds the value (grep as nobody over /etc,
 * /run and /var: the unit, the environment file, the spec copy), while the program gets it (its
 * /proc/PID/environ); for a service systemd runs itself and for one under svcctl run as another account.
 */
@ExtendWith(SystemdSandboxExtension.class)
class SecretsInSystemdSandboxTest {
    private static final String NOBODY = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    /** Values that a careless writer of EnvironmentFile= would change; the program must get each exactly. */
    private static final Map<String, String> HOSTILE = hostile();

    private static SystemdSandbox sandbox;
    private static InsideSandbox inside;
    private static Path launcher;

    @BeforeEach
    void boot(SystemdSandbox booted) throws Exception {
        if (sandbox == booted) {
            return;
        }
        sandbox = booted;
        inside = new InsideSandbox(sandbox);
        Path dir = Files.createDirectories(InsideSandbox.WORK.resolve("secrets"));
        launcher = InsideSandbox.launcherScript(dir, InsideSandbox.readableClassPath());
    }

    private static Map<String, String> hostile() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("H_QUOTES", "a \"double\" and 'single'");
        v.put("H_BACKSLASH", "back\\slash and trailing\\");
        v.put("H_DOLLAR", "$HOME ${PATH} $$ `id` %h %%");
        v.put("H_NEWLINES", "line one\nline two\r\nthree\n");
        v.put("H_SPACES", "  leading and trailing\t ");
        v.put("H_COMMENT", "# not a comment ; nor this");
        v.put("H_UNICODE", "héllo ✓ 😀 日本語");
        v.put("H_EMPTY", "");
        v.put("H_EQUALS", "a=b==c");
        return v;
    }

    private static String yamlEnv(Map<String, String> env) {
        StringBuilder out = new StringBuilder("env:\n");
        env.forEach((k, v) -> out.append("  ").append(k).append(": ").append(new com.google.gson.Gson().toJson(v))
                .append('\n'));
        return out.toString();
    }

    /** Files under /etc, /run and /var holding {@code text}, as the given user prefix (empty: root) finds them. */
    private static List<String> holding(String asUser, String text) {
        String grep = "grep -rlsF -e " + text + " /etc /run /var";
        return sandbox.exec("sh", "-c", (asUser.isEmpty() ? "" : asUser + " ") + grep).stdout().lines().toList();
    }

    private static void assertOnlyRootAndTheServiceRead(String secret, List<String> expectedPrivateFiles,
                                                        String unit) {
        List<String> asRoot = holding("", secret);
        assertTrue(asRoot.containsAll(expectedPrivateFiles), "the search finds the files as root: " + asRoot);
        assertEquals(List.of(), holding(NOBODY, secret), "files that nobody can read and that hold the value");
        String shown = sandbox.exec("systemctl", "show", "-p", "Environment", "-p", "EnvironmentFiles", unit).stdout();
        assertFalse(shown.contains(secret), shown);
        assertEquals("", sandbox.exec("sh", "-c", NOBODY + " cat " + String.join(" ", expectedPrivateFiles)
                + " 2>/dev/null").stdout(), "nobody cannot read them");
    }

    @Test
    void aNativeServiceGetsItsEnvFromAFileOnlyRootReads() throws Exception {
        String name = "secret-native";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_PASSWORD", "s3cret");
        env.putAll(HOSTILE);
        Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sh\n"
                + "args: [\"-c\", \"exec sleep 1000\"]\n" + yamlEnv(env));

        InsideSandbox.Run install = inside.svcctl("install", spec.toString());

        assertEquals(0, install.exitCode(), install.out() + install.err());
        ProcessImage program = sandbox.mainProcess(name + ".service");
        Map<String, String> received = program.environmentMap();
        env.forEach((k, v) -> assertEquals(v, received.get(k), k));
        assertEquals("-rw------- root root\n", sandbox.execOk("stat", "-c", "%A %U %G",
                "/etc/svcctl/env/" + name + ".env"));
        String unit = sandbox.execOk("cat", "/etc/systemd/system/" + name + ".service");
        assertTrue(unit.contains("EnvironmentFile=/etc/svcctl/env/" + name + ".env"), unit);
        assertOnlyRootAndTheServiceRead("s3cret", List.of("/etc/svcctl/env/" + name + ".env"), name + ".service");

        InsideSandbox.Run dryRun = inside.svcctl("install", "--dry-run", spec.toString());
        assertFalse(dryRun.out().contains("s3cret"), dryRun.out());
        assertEquals(0, inside.svcctl("uninstall", name).exitCode());
        assertEquals(List.of(), holding("", "s3cret"), "uninstall leaves no copy of the value");
    }

    @Test
    void aSupervisedServiceReadsItsPrivateCopyAsItsOwnAccount() throws Exception {
        String name = "secret-supervised";
        String secret = "s3cret-supervised";
        Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sh\n"
                + "args: [\"-c\", \"exec sleep 1000\"]\nuser: daemon\nsupervisor: svcctl\n"
                + yamlEnv(Map.of("DB_PASSWORD", secret, "H_QUOTES", HOSTILE.get("H_QUOTES"))));

        InsideSandbox.Run install = inside.svcctl("install", spec.toString(), "--svcctl-path", launcher.toString());

        assertEquals(0, install.exitCode(), install.out() + install.err() + sandbox.journal(name));
        String copy = "/etc/svcctl/services/" + name + ".yaml";
        assertEquals("-rw------- daemon\n", sandbox.execOk("stat", "-c", "%A %U", copy));
        long supervisor = sandbox.mainPid(name + ".service");
        InsideSandbox.await("svcctl run starts the program", () -> !children(supervisor).isEmpty());
        ProcessImage program = sandbox.process(Long.parseLong(children(supervisor).get(0)));
        assertEquals(secret, program.environmentMap().get("DB_PASSWORD"));
        assertEquals(HOSTILE.get("H_QUOTES"), program.environmentMap().get("H_QUOTES"));
        assertFalse(sandbox.execOk("cat", "/etc/systemd/system/" + name + ".service").contains(secret));
        assertOnlyRootAndTheServiceRead(secret, List.of(copy), name + ".service");
        assertEquals(List.of(copy), holding("setpriv --reuid=1 --regid=1 --clear-groups", secret),
                "the service's own account reads its copy");

        InsideSandbox.Run status = inside.svcctl("status", name, "--json");
        assertEquals(0, status.exitCode(), status.out() + status.err());
        assertTrue(status.out().contains("\"drift\": false"), status.out());
        assertEquals(0, inside.svcctl("uninstall", name).exitCode());
    }

    private static List<String> children(long pid) {
        return sandbox.exec("pgrep", "-P", Long.toString(pid), "-x", "sleep").stdout().lines().toList();
    }

    /**
     * The environment a spec with both env and envFile setting the same name gives the program is the same as it was
     * with Environment= lines: the env file comes first, so envFile still wins.
     */
    @Test
    void theEnvironmentIsTheSameAsWithEnvironmentLines() throws Exception {
        String name = "secret-order";
        Path envFile = Files.createDirectories(InsideSandbox.WORK.resolve("secrets")).resolve("order.env");
        Files.writeString(envFile, "SAME=from-file\nONLY_FILE=f\n");
        Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sh\n"
                + "args: [\"-c\", \"exec sleep 1000\"]\nenvFile: " + envFile + "\n"
                + "env:\n  SAME: from-env\n  ONLY_ENV: e\n");
        assertEquals(0, inside.svcctl("install", spec.toString()).exitCode());
        Map<String, String> now = comparable(sandbox.mainProcess(name + ".service"));
        assertEquals(0, inside.svcctl("uninstall", name).exitCode());

        // The unit as svcctl rendered it before #14, with the values in Environment= lines.
        sandbox.installUnit(name + ".service", "[Service]\nExecStart=/bin/sh -c \"exec sleep 1000\"\n"
                + "Environment=\"SAME=from-env\"\nEnvironment=\"ONLY_ENV=e\"\nEnvironmentFile=" + envFile + "\n");
        sandbox.execOk("systemctl", "start", name + ".service");
        Map<String, String> before = comparable(sandbox.mainProcess(name + ".service"));
        sandbox.execOk("systemctl", "stop", name + ".service");

        assertEquals("from-file", now.get("SAME"));
        assertEquals(before, now);
    }

    /** The environment without what systemd sets per invocation. */
    private static Map<String, String> comparable(ProcessImage process) {
        Map<String, String> env = new LinkedHashMap<>(process.environmentMap());
        env.keySet().removeAll(List.of("INVOCATION_ID", "JOURNAL_STREAM", "SYSTEMD_EXEC_PID"));
        return env;
    }
}
