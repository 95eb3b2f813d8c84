package dev.svcctl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.Hardening;
import dev.svcctl.spec.PlatformSpec;
import dev.svcctl.spec.Scope;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** platform.windows.serviceHost: shared renders SERVICE_WIN32_SHARE_PROCESS with one binary path per group. */
class WindowsSharedGroupRenderTest {
    private final WindowsBackend backend = new WindowsBackend();

    static ServiceSpec shared(String name, String account) {
        return ServiceSpec.builder(name, "C:\\apps\\" + name + ".exe").platform(new PlatformSpec(
                PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(account, Optional.empty(),
                PlatformSpec.FailureActions.AUTO, Optional.empty(), true)
                .withServiceHost(PlatformSpec.ServiceHost.SHARED), PlatformSpec.Launchd.DEFAULT)).build();
    }

    private Map<String, Object> registration(ServiceSpec spec) throws UnsupportedSpecException {
        return backend.render(spec, RenderOptions.DEFAULT).registration();
    }

    @Test
    void servicesWithTheSameTokenShareOneGroupAndOneBinaryPathThatNamesIt() throws Exception {
        Map<String, Object> a = registration(shared("a", "localService"));
        Map<String, Object> b = registration(shared("b", "localService"));
        assertEquals("share-process", a.get("serviceType"));
        String group = (String) a.get("serviceGroup");
        assertTrue(ServiceGroup.isName(group), group);
        assertEquals(group, b.get("serviceGroup"));
        assertEquals(a.get("binaryPath"), b.get("binaryPath"));
        assertTrue(((String) a.get("binaryPath")).endsWith(" dev.svcctl.cli.Main host --group " + group),
                (String) a.get("binaryPath"));
        assertNotEquals(a.get("programCommandLine"), b.get("programCommandLine"));
        assertEquals(List.of("serviceName", "displayName", "description", "serviceType", "serviceGroup",
                "binaryPath"), List.copyOf(a.keySet()).subList(0, 6));
    }

    @Test
    void aDifferentAccountSidTypePrivilegeListOrHardeningIsAnotherGroup() throws Exception {
        String group = (String) registration(shared("a", "localService")).get("serviceGroup");
        ServiceSpec base = shared("b", "localService");
        PlatformSpec.Windows w = base.platform().windows();
        List<ServiceSpec> others = List.of(
                shared("b", "networkService"),
                base.toBuilder().hardening(Hardening.STRICT).build(),
                base.toBuilder().platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(
                        w.account(), w.passwordEnv(), w.failureActions(), w.preshutdownTimeout(), w.eventLog(),
                        Optional.of(PlatformSpec.SidType.UNRESTRICTED), Optional.empty())
                        .withServiceHost(PlatformSpec.ServiceHost.SHARED), PlatformSpec.Launchd.DEFAULT)).build(),
                base.toBuilder().platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(
                        w.account(), w.passwordEnv(), w.failureActions(), w.preshutdownTimeout(), w.eventLog(),
                        Optional.empty(), Optional.of(List.of("SeChangeNotifyPrivilege")))
                        .withServiceHost(PlatformSpec.ServiceHost.SHARED), PlatformSpec.Launchd.DEFAULT)).build());
        for (ServiceSpec other : others) {
            Map<String, Object> r = registration(other);
            assertNotEquals(group, r.get("serviceGroup"), other.platform().windows() + " " + other.hardening());
        }
        // hardening reaches the token only through the SID type and privileges: basic is unrestricted and every
        // privilege, so it shares a group with hardening: none and an explicit sidType: unrestricted
        ServiceSpec basic = shared("d", "localService").toBuilder().hardening(Hardening.BASIC).build();
        ServiceSpec explicit = shared("e", "localService").toBuilder().hardening(Hardening.NONE)
                .platform(new PlatformSpec(PlatformSpec.Systemd.NONE, new PlatformSpec.Windows(
                        w.account(), w.passwordEnv(), w.failureActions(), w.preshutdownTimeout(), w.eventLog(),
                        Optional.of(PlatformSpec.SidType.UNRESTRICTED), Optional.empty())
                        .withServiceHost(PlatformSpec.ServiceHost.SHARED), PlatformSpec.Launchd.DEFAULT)).build();
        assertEquals(registration(basic).get("serviceGroup"), registration(explicit).get("serviceGroup"),
                "the same token is the same group");
        // A virtual account is the service's own SID: always a group of its own.
        assertNotEquals(registration(shared("a", "virtual")).get("serviceGroup"),
                registration(shared("b", "virtual")).get("serviceGroup"));
        // Account names compare without case, as Windows does.
        assertEquals(group, registration(shared("c", "LOCALSERVICE")).get("serviceGroup"));
    }

    @Test
    void ownProcessStaysTheDefaultAndHasNoGroup() throws Exception {
        Map<String, Object> own = registration(ServiceSpec.builder("web", "C:\\web.exe").build());
        assertEquals("own-process", own.get("serviceType"));
        assertFalse(own.containsKey("serviceGroup"));
        assertTrue(((String) own.get("binaryPath")).endsWith(" host --name web"));
    }

    @Test
    void aSharedServiceGivingUpReportsStoppedSoItsFailureActionsNeedTheNonCrashFlag() throws Exception {
        assertEquals(true, registration(shared("a", "localService")).get("failureActionsOnNonCrashFailures"));
        assertEquals(false, registration(ServiceSpec.builder("web", "C:\\web.exe").build())
                .get("failureActionsOnNonCrashFailures"));
    }

    @Test
    void aUserScopeServiceCannotShareAHostProcess() {
        ServiceSpec user = shared("a", "LocalSystem").toBuilder().scope(Scope.USER).build();
        assertTrue(backend.check(user).stream().map(SpecProblem::keyPath).toList()
                .contains("platform.windows.serviceHost"));
    }
}
