package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keys added after the first release leave a spec's fingerprint (the marker of every installed file) unchanged when
 * they are not used, and change it when they are.
 */
class FingerprintStabilityTest {
    private static final ServiceSpec PLAIN = ServiceSpec.builder("svc", "/bin/true").build();

    @Test
    void unusedLaterKeysAreNotInTheCanonicalText() {
        String text = CanonicalText.of(PLAIN);
        for (String later : List.of("hooks", "cpuAffinity", "onExit", "failureSteps", "failureResetPeriod",
                "stopMethods", "userAutostart", "serviceHost")) {
            assertFalse(text.contains(later), later + " in " + text);
        }
        assertEquals(ShortHash.of(text), PLAIN.fingerprint());
    }

    @Test
    void eachLaterKeyChangesTheFingerprintWhenUsed() {
        String plain = PLAIN.fingerprint();
        assertNotEquals(plain, PLAIN.toBuilder().cpuAffinity(List.of(0)).build().fingerprint());
        assertNotEquals(plain, PLAIN.toBuilder().hooks(new HooksSpec(List.of("/bin/true"), List.of(),
                Duration.ofSeconds(5))).build().fingerprint());
        assertNotEquals(plain, PLAIN.toBuilder().restart(RestartSpec.DEFAULT.withOnExit(Map.of(3, ExitAction.STOP)))
                .build().fingerprint());
        PlatformSpec.Windows windows = PlatformSpec.Windows.DEFAULT;
        for (PlatformSpec.Windows used : List.of(
                windows.withFailureSteps(List.of(new PlatformSpec.FailureStep(PlatformSpec.FailureAction.REBOOT,
                        Duration.ofMinutes(5), java.util.Optional.empty())), java.util.Optional.empty()),
                windows.withFailureSteps(List.of(), java.util.Optional.of(Duration.ofDays(1))),
                windows.withStop(List.of(PlatformSpec.StopMethod.WM_CLOSE), PlatformSpec.UserAutostart.TASK),
                windows.withStop(List.of(), PlatformSpec.UserAutostart.RUN_KEY),
                windows.withServiceHost(PlatformSpec.ServiceHost.SHARED))) {
            PlatformSpec platform = new PlatformSpec(PlatformSpec.Systemd.NONE, used, PlatformSpec.Launchd.DEFAULT);
            assertNotEquals(plain, PLAIN.toBuilder().platform(platform).build().fingerprint(), used.toString());
        }
    }
}
