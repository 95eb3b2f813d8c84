package dev.svcctl.cli;

import static dev.svcctl.cli.CliTest.svcctl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The systemd-facing commands in-process, where they need no running systemd. */
class SystemdCommandsTest {

    private static Path spec(String yaml) throws Exception {
        return CliTest.spec(UUID.randomUUID() + ".yaml", yaml);
    }

    @Test
    void installUnderARootWritesTheUnitAndItsLinkAndSaysSo() throws Exception {
        Path root = Files.createDirectories(CliTest.WORK.resolve("root-" + UUID.randomUUID())).toAbsolutePath();
        Path file = spec("name: pkg\nexec: /bin/sh\nargs: [\"-c\", \"sleep 1\"]\n");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/sh"), root.resolve("bin/sh"));

        CliTest.Outcome o = svcctl("install", "--backend", "systemd", "--root", root.toString(), file.toString());

        assertEquals(0, o.exitCode(), o.err());
        assertEquals("pkg: created /etc/systemd/system/pkg.service\n", o.out());
        assertTrue(Files.readString(root.resolve("etc/systemd/system/pkg.service")).startsWith("# svcctl-managed"));
        assertEquals(Path.of("/etc/systemd/system/pkg.service"),
                Files.readSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/pkg.service")));

        CliTest.Outcome again = svcctl("install", "--backend", "systemd", "--root", root.toString(), "--json",
                file.toString());
        JsonObject result = CliTest.services(again.out()).get(0).getAsJsonObject();
        assertEquals("unchanged", result.get("action").getAsString());
        assertTrue(result.get("state").isJsonNull());

        assertEquals(0, svcctl("uninstall", "--backend", "systemd", "--root", root.toString(), "pkg").exitCode());
        assertFalse(Files.exists(root.resolve("etc/systemd/system/pkg.service")));
        CliTest.Outcome absent = svcctl("uninstall", "--backend", "systemd", "--root", root.toString(), "pkg");
        assertEquals(0, absent.exitCode(), absent.err());
        assertEquals("pkg: absent\n", absent.out());
    }

    @Test
    void withoutARunningSystemdEveryOperationExits69WithAHint() throws Exception {
        Assumptions.assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")), "this host runs systemd");
        Path file = spec("name: web\nexec: /bin/sh\n");
        for (String[] args : List.of(new String[] {"install", file.toString()}, new String[] {"status", "web"},
                new String[] {"start", "web"}, new String[] {"uninstall", "web"}, new String[] {"list"})) {
            String[] withBackend = new String[args.length + 2];
            System.arraycopy(args, 0, withBackend, 0, args.length);
            withBackend[args.length] = "--backend";
            withBackend[args.length + 1] = "systemd";

            CliTest.Outcome o = svcctl(withBackend);

            assertEquals(69, o.exitCode(), String.join(" ", args) + ": " + o.err());
            assertEquals("svcctl: systemd is not running on this host (hint: 'svcctl render' shows the unit,"
                    + " 'svcctl install --root DIR' writes it for a package or image, 'svcctl run FILE' hosts the"
                    + " program in the foreground)\n", o.err());
        }
    }

    @Test
    void statusJsonHasEveryFieldWithNullsForWhatIsUnknown() throws Exception {
        ServiceStatus failed = new ServiceStatus("a", "systemd", ServiceState.FAILED, OptionalLong.empty(),
                Optional.of(Instant.parse("2026-11-21T10:00:00Z")), OptionalInt.of(4),
                Optional.of(new ServiceStatus.LastExit(OptionalInt.empty(), Optional.of("KILL"))), Optional.of(true),
                OptionalLong.empty(), true);
        StringWriter out = new StringWriter();

        StatusOutput.json(new PrintWriter(out), List.of(failed, ServiceStatus.notInstalled("b", "systemd")));

        var array = CliTest.services(out.toString());
        JsonObject a = array.get(0).getAsJsonObject();
        assertEquals("failed", a.get("state").getAsString());
        assertTrue(a.get("pid").isJsonNull());
        assertEquals("2026-11-21T10:00:00Z", a.get("since").getAsString());
        assertEquals(4, a.get("restarts").getAsInt());
        assertEquals("{\"signal\":\"KILL\"}", a.get("lastExit").toString());
        assertTrue(a.get("drift").getAsBoolean());
        assertEquals("not-installed", array.get(1).getAsJsonObject().get("state").getAsString());
        assertEquals(13, array.get(1).getAsJsonObject().size());
    }

    @Test
    void statusTableAlignsItsColumns() {
        ServiceStatus running = new ServiceStatus("web", "systemd", ServiceState.RUNNING, OptionalLong.of(42),
                Optional.of(Instant.parse("2026-11-21T10:00:00Z")), OptionalInt.of(0),
                Optional.empty(), Optional.of(true), OptionalLong.of(3 * 1024 * 1024), false);
        StringWriter out = new StringWriter();

        StatusOutput.table(new PrintWriter(out), List.of(running), Instant.parse("2026-11-21T10:01:00Z"));

        String[] lines = out.toString().split("\n");
        assertTrue(lines[0].startsWith("NAME  STATE    PID  SINCE"), lines[0]);
        assertTrue(lines[1].startsWith("web   running  42   "), lines[1]);
        assertTrue(lines[1].contains("(60s ago)") && lines[1].contains("3.0MiB") && lines[1].endsWith("no"), lines[1]);
        assertTrue(lines[1].substring(lines[0].indexOf("RESTARTS")).startsWith("0         -          -       -      yes      3.0MiB  no"),
                out.toString());
    }

    @Test
    void logsRefusesANegativeLineCount() {
        assertEquals(2, svcctl("logs", "web", "-n", "-1", "--backend", "systemd").exitCode());
    }
}
