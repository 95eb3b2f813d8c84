package dev.svcctl.windows.scm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.windows.ScmRegistration;
import dev.svcctl.windows.ScmRegistration.Action;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ServiceConfigTextTest {

    @Test
    void theCanonicalTextReadsBackToTheSameConfiguration() {
        ServiceConfig config = new ServiceConfig("vendor", "Vendor: service", "%SystemRoot%\\vendor.exe -k \"a b\"",
                ScmRegistration.StartType.DISABLED, true, "NT AUTHORITY\\LocalService", List.of("Tcpip", "+Network"),
                "two lines\n and an indented one\n", new ScmRegistration.FailureActions(List.of(
                        new Action(Action.Type.RESTART, 5000), new Action(Action.Type.RUN_COMMAND, 0),
                        new Action(Action.Type.REBOOT, 60_000)), 3600, true, "C:\\ops\\notify.cmd \"a b\""),
                OptionalLong.of(60_000), ScmRegistration.SidType.RESTRICTED,
                List.of("SeChangeNotifyPrivilege", "SeImpersonatePrivilege"));
        assertEquals(config, ServiceConfig.parse(config.toText()));
        assertTrue(config.toText().contains("\ndependency: Tcpip\ndependency: +Network\n"), config.toText());
        assertTrue(config.toText().contains("\nfailureCommand: C:\\ops\\notify.cmd \"a b\"\n"), config.toText());

        ServiceConfig plain = new ServiceConfig("web", "web", "C:\\web.exe", ScmRegistration.StartType.AUTO, false,
                "LocalSystem", List.of(), "", ScmRegistration.FailureActions.NONE, OptionalLong.empty(),
                ScmRegistration.SidType.NONE, List.of());
        assertEquals(plain, ServiceConfig.parse(plain.toText()));
    }

    @Test
    void theSidTypeAndEachRequiredPrivilegeHaveTheirLinesAndOlderBackupsReadAsNoServiceSid() {
        ServiceConfig strict = new ServiceConfig("web", "web", "C:\\web.exe", ScmRegistration.StartType.AUTO, false,
                "LocalSystem", List.of(), "", ScmRegistration.FailureActions.NONE, OptionalLong.empty(),
                ScmRegistration.SidType.RESTRICTED, List.of("SeChangeNotifyPrivilege"));
        assertTrue(strict.toText().endsWith("serviceSidType: restricted\nrequiredPrivilege: SeChangeNotifyPrivilege\n"),
                strict.toText());
        // A backup kept by an earlier svcctl wrote "default" for no service SID.
        String older = strict.toText().replace("serviceSidType: restricted\nrequiredPrivilege: SeChangeNotifyPrivilege\n",
                "serviceSidType: default\n");
        ServiceConfig read = ServiceConfig.parse(older);
        assertEquals(ScmRegistration.SidType.NONE, read.sidType());
        assertEquals(List.of(), read.requiredPrivileges());
    }
}
