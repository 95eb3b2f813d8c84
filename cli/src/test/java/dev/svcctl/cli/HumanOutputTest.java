package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.ServiceState;
import dev.svcctl.backend.ServiceStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Output for people (#17 item 9): colors and progress only on a terminal, exit 66, render's --backend hint. */
class HumanOutputTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private static ServiceStatus status(String name, ServiceState state) {
        return new ServiceStatus(name, "systemd", state, OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                Optional.empty(), Optional.of(true), OptionalLong.empty(), false);
    }

    @Test
    void colorsOnlyOnATerminalAndNeverWithNoColorOrADumbTerminal() {
        assertTrue(Terminal.colors(true, Map.of("TERM", "xterm-256color")));
        assertFalse(Terminal.colors(false, Map.of("TERM", "xterm-256color")), "piped output");
        assertFalse(Terminal.colors(true, Map.of("NO_COLOR", "1")));
        assertFalse(Terminal.colors(true, Map.of("NO_COLOR", "")), "set, even empty");
        assertFalse(Terminal.colors(true, Map.of("TERM", "dumb")));
    }

    @Test
    void theColoredTableColorsTheStateAndKeepsTheColumnsAligned() {
        List<ServiceStatus> statuses = List.of(status("api", ServiceState.RUNNING),
                status("worker", ServiceState.FAILED));
        StringWriter plain = new StringWriter();
        StatusOutput.table(new PrintWriter(plain), statuses, NOW, false);
        StringWriter colored = new StringWriter();
        StatusOutput.table(new PrintWriter(colored), statuses, NOW, true);

        assertFalse(plain.toString().contains("\u001b"), plain.toString());
        String[] lines = colored.toString().split("\n");
        assertFalse(lines[0].contains("\u001b"), "the header is not colored");
        assertTrue(lines[1].contains("\u001b[32mrunning\u001b[0m"), lines[1]);
        assertTrue(lines[2].contains("\u001b[1;31mfailed\u001b[0m"), lines[2]);
        assertEquals(plain.toString(), colored.toString().replaceAll("\u001b\\[[0-9;]*m", ""),
                "without its escape sequences the colored table is the plain one");
    }

    @Test
    void capturedOutputIsNeverColoredNorGetsAProgressLine() throws Exception {
        // Tests capture stdout, as a pipe would: no console, so no colors and no progress listener.
        assertFalse(Terminal.interactive());
        CliTest.Outcome o = CliTest.svcctl("validate", CliTest.spec("plain.yaml", "name: plain\nexec: /bin/true\n")
                .toString());
        assertFalse(o.out().contains("\u001b") || o.err().contains("\u001b"), o.out() + o.err());
    }

    @Test
    void theProgressLineIsRewrittenInPlaceAndErasedWhenTheWaitEnds() {
        StringWriter out = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(out));
        line.waiting("api.service to settle", Duration.ofMillis(1200));
        line.waiting("api.service to settle", Duration.ofMillis(2600));
        line.done();
        assertEquals("\r\u001b[Kwaiting for api.service to settle... 1s\r\u001b[Kwaiting for api.service to settle..."
                + " 2s\r\u001b[K", out.toString());
    }

    @Test
    void aMissingSpecFileExits66NotInvalidSpec() throws Exception {
        Path missing = Path.of("target", "no-such-dir", "nope.yaml");
        Path good = CliTest.spec("there.yaml", "name: there\nexec: /bin/true\n");
        for (String command : List.of("validate", "render", "install")) {
            CliTest.Outcome o = CliTest.svcctl(command, good.toString(), missing.toString(), "--backend", "systemd");
            assertEquals(66, o.exitCode(), command + ": " + o.err());
            assertEquals("svcctl: no such file: " + missing + " (hint: check the path)\n", o.err());
        }
        assertFalse(Files.exists(missing));
    }

    @Test
    void renderWithoutBackendOnAHostWithoutAnInitSystemSaysBackendIsNeeded() throws Exception {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(dev.svcctl.backend.BackendException.class,
                () -> ShippedBackends.selectForRender(null, new ShippedBackendsTest.FakeHost("Linux",
                        java.util.Set.of())));
        dev.svcctl.backend.BackendException failure = (dev.svcctl.backend.BackendException) e;
        assertEquals(2, failure.exitCode().code());
        assertTrue(failure.getMessage().startsWith("render needs --backend on this host"), failure.getMessage());
        assertTrue(failure.hint().orElseThrow().contains("--backend systemd|windows|launchd"), failure.hint().get());
        assertEquals("systemd", ShippedBackends.selectForRender(null, new ShippedBackendsTest.FakeHost("Linux",
                java.util.Set.of("/run/systemd/system"))).id());

        if (!Files.isDirectory(Path.of("/run/systemd/system"))) {
            // This host has no init system: the real command says the same, as a usage error.
            CliTest.Outcome o = CliTest.svcctl("render", CliTest.spec("any.yaml", "name: any\nexec: /bin/true\n")
                    .toString());
            assertEquals(2, o.exitCode(), o.err());
            assertTrue(o.err().startsWith("svcctl: render needs --backend on this host"), o.err());
        }
    }
}
