package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code changed} of the verbs and of install under a real systemd, each document checked against docs/json.md:
 * stop twice is changed then unchanged, start of a running service is unchanged, install again is unchanged.
 */
@ExtendWith(SystemdSandboxExtension.class)
class ChangedInSystemdSandboxTest {

    @Test
    void stopTwiceIsChangedThenNotAndStartOfARunningServiceChangesNothing(SystemdSandbox sandbox) throws Exception {
        InsideSandbox inside = new InsideSandbox(sandbox);
        String name = "json-changed";
        Path spec = InsideSandbox.spec(name + ".yaml", "name: " + name + "\nexec: /bin/sh\n"
                + "args: [\"-c\", \"exec sleep 1000\"]\n");
        try {
            InsideSandbox.Run install = inside.svcctl("install", spec.toString(), "--json");
            assertEquals(0, install.exitCode(), install.err());
            assertTrue(JsonDocsTest.matches("install", install.out()).at("/services/0/changed").asBoolean());
            InsideSandbox.Run again = inside.svcctl("install", spec.toString(), "--json");
            assertEquals(0, again.exitCode(), again.err());
            assertFalse(JsonDocsTest.matches("install", again.out()).at("/services/0/changed").asBoolean());

            InsideSandbox.Run start = inside.svcctl("start", name, "--json");
            assertEquals(0, start.exitCode(), start.err());
            JsonNode started = JsonDocsTest.matches("start", start.out()).at("/services/0");
            assertFalse(started.get("changed").asBoolean(), start.out());
            assertEquals("running", started.at("/status/state").asText());

            InsideSandbox.Run stop = inside.svcctl("stop", name, "--json");
            assertEquals(0, stop.exitCode(), stop.err());
            JsonNode stopped = JsonDocsTest.matches("stop", stop.out()).at("/services/0");
            assertTrue(stopped.get("changed").asBoolean(), stop.out());
            assertEquals("stopped", stopped.at("/status/state").asText());

            InsideSandbox.Run stopAgain = inside.svcctl("stop", name, "--json");
            assertEquals(0, stopAgain.exitCode(), stopAgain.err());
            assertFalse(JsonDocsTest.matches("stop", stopAgain.out()).at("/services/0/changed").asBoolean());
            assertEquals(name + ": already stopped\n", inside.svcctl("stop", name).out());

            InsideSandbox.Run missing = inside.svcctl("stop", "json-no-such-service", "--json");
            assertEquals(4, missing.exitCode(), missing.err());
            assertEquals(4, JsonDocsTest.matches("error", missing.out()).at("/error/exitCode").asInt());
        } finally {
            inside.svcctl("uninstall", name);
        }
    }
}
