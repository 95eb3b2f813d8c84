package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.spec.LogTarget;
import dev.svcctl.spec.LogsSpec;
import dev.svcctl.spec.RotateEvery;
import dev.svcctl.spec.RotateSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SupervisorMode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The choice for log rotation on launchd is {@code svcctl run}, not a newsyslog.d entry: launchd keeps the
 * StandardOutPath it opened at spawn, and newsyslog (rename, signal a pid file, no copy-truncate) would leave the job
 * writing into the rotated file. See package-info.
 */
class LogRotationTest {
    private static final LogsSpec ROTATED = new LogsSpec(LogTarget.FILE, LogTarget.DEFAULT,
            Optional.of("/var/log/app"), Optional.of(new RotateSpec(OptionalLong.of(10 << 20), RotateEvery.DAILY, 7,
            true, OptionalLong.of(1L << 30))));

    @Test
    void fileLogsWithRotationRunUnderTheSupervisorWhichWritesTheLogs() throws Exception {
        ServiceSpec spec = ServiceSpec.builder("app", "/opt/app/bin/app").logs(ROTATED).build();
        Rendering rendering = GoldenPlistTest.pureBackend().render(spec, RenderOptions.DEFAULT);

        assertEquals(List.of("/etc/svcctl/services/app.yaml", "/Library/LaunchDaemons/app.plist"),
                rendering.artifacts().stream().map(a -> a.installPath()).toList(),
                "the spec copy the supervisor reads, the plist, and no newsyslog.d entry");
        String plist = rendering.artifacts().get(1).content();
        assertTrue(plist.contains("<string>/usr/bin/svcctl</string>\n\t\t<string>run</string>\n\t\t"
                + "<string>--name</string>\n\t\t<string>app</string>"), plist);
        assertTrue(plist.contains("<string>/var/log/app/supervisor.log</string>"), plist);
        assertTrue(!plist.contains("/var/log/app/stdout.log"), "launchd must not hold the rotated file open");
    }

    @Test
    void rotationUnderTheNativeSupervisorIsAnErrorAtLogsRotate() {
        ServiceSpec spec = ServiceSpec.builder("app", "/opt/app/bin/app").logs(ROTATED)
                .supervisor(SupervisorMode.NATIVE).build();
        List<SpecProblem> problems = GoldenPlistTest.pureBackend().check(spec);
        assertEquals(List.of(new SpecProblem("logs.rotate", "launchd does not rotate the files it writes",
                "use supervisor: auto or svcctl")), problems);
    }

    @Test
    void rotationWithoutFileLogsNeedsNoSupervisor() {
        ServiceSpec spec = ServiceSpec.builder("app", "/opt/app/bin/app").logs(new LogsSpec(LogTarget.DISCARD,
                LogTarget.INHERIT, Optional.empty(), ROTATED.rotate())).build();
        assertTrue(!Supervision.bySvcctl(spec));
    }
}
