package dev.svcctl.systemd;

import static dev.svcctl.systemd.SandboxHosts.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.ServiceState;
import dev.svcctl.spec.ExitAction;
import dev.svcctl.spec.HooksSpec;
import dev.svcctl.spec.RestartPolicy;
import dev.svcctl.spec.RestartSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * hooks, restart.onExit and cpuAffinity rendered natively, against a real systemd 252: what ran, with which argv,
 * and which exits were restarted, read from the sandbox's processes and files.
 */
@ExtendWith(SystemdSandboxExtension.class)
class HooksInSystemdSandboxTest {
    private static SystemdSandbox sandbox;
    private static SystemdBackend backend;
    private static Path argvRecorder;

    @BeforeEach
    void boot(SystemdSandbox booted) throws Exception {
        if (sandbox == booted) {
            return;
        }
        sandbox = booted;
        backend = new SystemdBackend(SandboxHosts.of(sandbox));
        // Appends one line per argument, then its working directory and $HOOK_MARK, to /run/<first argument>.
        argvRecorder = SandboxHosts.script("argv-recorder",
                "out=/run/$1\nprintf '%s\\n' \"$@\" >> \"$out\"\npwd >> \"$out\"\necho \"mark=$HOOK_MARK\" >> \"$out\"\n");
    }

    private static void install(ServiceSpec... specs) throws BackendException {
        backend.install(List.of(specs), InstallOptions.DEFAULT);
    }

    /** Counts its starts in /run/NAME.starts, then exits with {@code code}. */
    private static ServiceSpec exitsWith(String name, int code, RestartPolicy policy, Map<Integer, ExitAction> onExit) {
        return ServiceSpec.builder(name, "/bin/sh").args("-c", "echo >> /run/" + name + ".starts; sleep 0.3; exit " + code)
                .restart(new RestartSpec(policy, Duration.ofMillis(200), Optional.empty(), 50, Duration.ofSeconds(60),
                        List.of(0), onExit)).build();
    }

    private static int starts(String name) {
        var r = sandbox.exec("cat", "/run/" + name + ".starts");
        return r.ok() ? r.stdout().split("\n", -1).length - 1 : 0;
    }

    @Test
    void anExitCodeMarkedStopIsNotRestartedWhileAnotherCodeIsAndRestartIsForcedOverPolicyNever() throws Exception {
        Map<Integer, ExitAction> onExit = Map.of(3, ExitAction.STOP, 75, ExitAction.RESTART);
        install(exitsWith("onexit-stop", 3, RestartPolicy.ALWAYS, onExit),
                exitsWith("onexit-other", 4, RestartPolicy.ALWAYS, onExit),
                exitsWith("onexit-force", 75, RestartPolicy.NEVER, onExit));

        assertTrue(eventually(Duration.ofSeconds(15), () -> starts("onexit-other") >= 3), "exit 4 is restarted");
        assertTrue(eventually(Duration.ofSeconds(15), () -> starts("onexit-force") >= 3),
                "exit 75 is restarted although the policy is never");
        // By now the exit-3 service, started at the same time, would have been restarted twice as well.
        assertEquals(1, starts("onexit-stop"));
        assertTrue(backend.status(List.of("onexit-stop"), false).get(0).state() != ServiceState.RUNNING);
    }

    @Test
    void preStartAndPostStopRunWithTheirExactArgvTheServicesCwdAndEnvironment() throws Exception {
        List<String> pre = List.of(argvRecorder.toString(), "hooked.pre", "two words", "$HOME", "100%", "back\\slash",
                "\"quoted\"", "");
        List<String> post = List.of(argvRecorder.toString(), "hooked.post", "after;all");
        ServiceSpec spec = ServiceSpec.builder("hooked", "/bin/sleep").args("infinity")
                .workingDirectory("/var/tmp").env(Map.of("HOOK_MARK", "$x y"))
                .hooks(new HooksSpec(pre, post, Duration.ofSeconds(10))).build();

        install(spec);
        assertEquals(String.join("\n", pre.subList(1, pre.size())) + "\n/var/tmp\nmark=$x y\n",
                sandbox.execOk("cat", "/run/hooked.pre"));
        assertTrue(!sandbox.exec("test", "-e", "/run/hooked.post").ok(), "postStop runs only after the program ends");

        backend.stop(List.of("hooked"), false);
        assertEquals(String.join("\n", post.subList(1, post.size())) + "\n/var/tmp\nmark=$x y\n",
                sandbox.execOk("cat", "/run/hooked.post"));
    }

    @Test
    void aFailingPreStartFailsTheStartAndTheProgramNeverRuns() throws Exception {
        ServiceSpec spec = ServiceSpec.builder("hook-fails", "/bin/sh").args("-c", "echo > /run/hook-fails.ran; sleep 100")
                .restart(new RestartSpec(RestartPolicy.NEVER, Duration.ofSeconds(1), Optional.empty(), 5,
                        Duration.ofSeconds(60), List.of(0)))
                .hooks(new HooksSpec(List.of("/bin/false"), List.of(), Duration.ofSeconds(10))).build();

        try {
            install(spec);
        } catch (BackendException expected) {
            // install reports the failed start; what matters is what systemd did
        }
        assertEquals(ServiceState.FAILED, backend.status(List.of("hook-fails"), false).get(0).state());
        assertTrue(!sandbox.exec("test", "-e", "/run/hook-fails.ran").ok(), "the program ran after a failed preStart");
    }

    @Test
    void cpuAffinityLimitsTheProgramToTheListedCpus() throws Exception {
        install(ServiceSpec.builder("pinned", "/bin/sleep").args("infinity").cpuAffinity(List.of(0)).build());
        String status = sandbox.execOk("cat", "/proc/" + sandbox.mainPid("pinned.service") + "/status");
        assertTrue(status.lines().anyMatch(l -> l.equals("Cpus_allowed_list:\t0")), status);
    }
}
