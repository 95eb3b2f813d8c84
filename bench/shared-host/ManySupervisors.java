import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.supervisor.CallerLocale;
import dev.svcctl.supervisor.ProcessPort;
import dev.svcctl.supervisor.ProcessPorts;
import dev.svcctl.supervisor.Supervisor;
import dev.svcctl.supervisor.SupervisorListener;
import dev.svcctl.supervisor.SupervisorSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prototype for docs/design/shared-host.md: one JVM hosting a Supervisor per spec file given, with the settings
 * `svcctl run` gives its one (file logs, state file in SVCCTL_RUNTIME_DIR). Measures what N services cost in one
 * process; not a product (no lock per service, no per-service process tree: see the design).
 */
public final class ManySupervisors {
    public static void main(String[] args) throws Exception {
        Path runtime = Path.of(System.getenv("SVCCTL_RUNTIME_DIR"));
        ProcessPort port = ProcessPorts.forCurrentOs().orElseThrow();
        List<Supervisor> all = new ArrayList<>();
        for (String file : args) {
            ServiceSpec spec = SpecLoader.load(Path.of(file)).spec();
            SupervisorSettings settings = new SupervisorSettings(LogTarget.FILE, runtime.resolve("logs").resolve(spec.name()),
                    Optional.of(runtime.resolve(spec.name() + ".json")), CallerLocale.restore(System.getenv()),
                    Clock.systemDefaultZone(), ProcessPorts.notifyForCurrentOs(), Optional.empty());
            Supervisor s = new Supervisor(spec, settings, port, SupervisorListener.NONE);
            s.start();
            all.add(s);
        }
        Runnable restore = port.onSignals(() -> all.forEach(Supervisor::stop), () -> { });
        for (Supervisor s : all) {
            s.awaitExit();
        }
        restore.run();
    }
}
