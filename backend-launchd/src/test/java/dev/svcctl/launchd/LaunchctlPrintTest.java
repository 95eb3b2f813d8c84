package dev.svcctl.launchd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.backend.ServiceState;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Parsing of real-shaped launchctl print output (fixture sources: src/test/resources/launchctl/SOURCES.md). */
class LaunchctlPrintTest {

    @Test
    void readsOnlyTheServicesOwnFieldsNotThoseOfNestedBlocks() {
        LaunchctlPrint.Service s = LaunchctlPrint.service(Fixtures.read("print-running.txt"));
        assertEquals("running", s.state(), "the coalitions' 'state = active' must not win");
        assertEquals(OptionalLong.of(4242), s.pid());
        assertEquals(OptionalInt.of(3), s.runs());
        assertEquals(OptionalInt.of(1), s.lastExitCode());
        assertEquals(Optional.empty(), s.lastSignal());
    }

    @Test
    void readsTheSpaceIndentedOutputOfOlderReleases() {
        // boxen/puppet-boxen#104: launchctl print system/dev.mysql on OS X 10.10
        LaunchctlPrint.Service s = LaunchctlPrint.service(Fixtures.read("print-running-10.10.txt"));
        assertEquals("running", s.state());
        assertEquals(OptionalLong.of(24784), s.pid());
        assertEquals(OptionalInt.of(2), s.runs());
        assertEquals(ServiceState.RUNNING, LaunchdBackend.state(s));
    }

    @Test
    void exitCodesAndSignalsInTheirPrintedForms() {
        assertEquals(OptionalInt.empty(), service("last exit code = (never exited)").lastExitCode());
        assertEquals(OptionalInt.of(78), service("last exit code = 78: EX_CONFIG").lastExitCode());
        assertEquals(Optional.of("SIGKILL"), service("last terminating signal = Killed: 9").lastSignal());
        assertEquals(Optional.of("SIGUSR1"), service("last terminating signal = User defined signal 1: 30")
                .lastSignal(), "Darwin numbers, not Linux's");
        assertEquals(Optional.of("SIGTERM"), service("last terminating signal = Terminated: 15").lastSignal());
    }

    @Test
    void statesMapToTheCommonModel() {
        assertEquals(ServiceState.STARTING, LaunchdBackend.state(service("state = spawn scheduled")));
        assertEquals(ServiceState.STARTING, LaunchdBackend.state(service("state = xpcproxy")));
        assertEquals(ServiceState.STOPPED, LaunchdBackend.state(service("state = not running\n\tlast exit code = 0")));
        assertEquals(ServiceState.STOPPED, LaunchdBackend.state(
                service("state = not running\n\tlast terminating signal = Terminated: 15")), "stopped by SIGTERM");
        assertEquals(ServiceState.STOPPED, LaunchdBackend.state(service("state = not running\n\tlast exit code = 143")),
                "a JVM's exit after SIGTERM");
        assertEquals(ServiceState.FAILED, LaunchdBackend.state(service("state = not running\n\tlast exit code = 2")));
        assertEquals(ServiceState.FAILED, LaunchdBackend.state(
                service("state = not running\n\tlast terminating signal = Killed: 9")));
    }

    @Test
    void disabledOverridesInBothSpellings() {
        assertEquals(Map.of("com.apple.ftpd", true, "com.apple.mrt", false, "disabled-job", true, "worker", false),
                LaunchctlPrint.disabledServices(Fixtures.read("print-domain-system.txt")));
        assertEquals(Map.of("a", true, "b", false),
                LaunchctlPrint.disabledServices("\tdisabled services = {\n\t\t\"a\" => true\n\t\t\"b\" => false\n\t}\n"));
    }

    private static LaunchctlPrint.Service service(String fields) {
        return LaunchctlPrint.service("gui/501/x = {\n\t" + fields + "\n}\n");
    }
}
