package dev.svcctl.systemd;

import static dev.svcctl.systemd.SandboxHosts.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.InstallResult;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hardening presets under a real systemd 252: python's http.server still serves under each, and
 * {@code systemd-analyze security} scores the unit within the bound issue 14 sets (strict ≤ 3.0, basic ≤ 6.0).
 */
@ExtendWith(SystemdSandboxExtension.class)
class HardeningInSystemdSandboxTest {
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d)");

    @Test
    void strictStillServesAndScoresAtMostThree(SystemdSandbox sandbox) throws Exception {
        double exposure = servesAndScores(sandbox, "harden-strict", Hardening.STRICT);
        assertTrue(exposure <= 3.0, "exposure " + exposure);
    }

    @Test
    void basicStillServesAndScoresAtMostSix(SystemdSandbox sandbox) throws Exception {
        double exposure = servesAndScores(sandbox, "harden-basic", Hardening.BASIC);
        assertTrue(exposure <= 6.0, "exposure " + exposure);
    }

    @Test
    void noneIsTheUnhardenedBaseline(SystemdSandbox sandbox) throws Exception {
        double exposure = servesAndScores(sandbox, "harden-none", Hardening.NONE);
        assertTrue(exposure > 6.0, "none adds no sandboxing, yet the exposure is " + exposure);
    }

    /** Installs the server with the preset, fetches a page from inside the sandbox, and answers the exposure. */
    private static double servesAndScores(SystemdSandbox sandbox, String name, Hardening preset) throws Exception {
        int port = freePort();
        ServiceSpec spec = ServiceSpec.builder(name, "/usr/bin/python3")
                .args("-m", "http.server", Integer.toString(port), "--bind", "127.0.0.1")
                .workingDirectory("/usr/share/doc").hardening(preset).build();
        SystemdBackend backend = new SystemdBackend(SandboxHosts.of(sandbox));

        InstallResult result = backend.install(List.of(spec), InstallOptions.DEFAULT).get(0);

        assertEquals(Optional.of(ServiceState.RUNNING), result.state(), sandbox.journal(name));
        String fetch = "import urllib.request, time\n"
                + "for _ in range(50):\n"
                + "    try:\n"
                + "        print(urllib.request.urlopen('http://127.0.0.1:" + port + "/', timeout=2).status); break\n"
                + "    except OSError:\n"
                + "        time.sleep(0.2)\n";
        assertEquals("200", sandbox.execOk("python3", "-c", fetch).strip(), sandbox.journal(name));
        assertTrue(eventually(Duration.ofSeconds(2), () -> sandbox.mainPid(name + ".service") > 0));
        String analysis = sandbox.exec("systemd-analyze", "security", name + ".service").stdout();
        Matcher exposure = EXPOSURE.matcher(analysis);
        assertTrue(exposure.find(), analysis);
        String line = analysis.substring(exposure.start(), analysis.indexOf('\n', exposure.start()));
        System.out.println("hardening: " + preset.name().toLowerCase(java.util.Locale.ROOT) + ": systemd-analyze security "
                + name + ".service: " + line);
        return Double.parseDouble(exposure.group(1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
