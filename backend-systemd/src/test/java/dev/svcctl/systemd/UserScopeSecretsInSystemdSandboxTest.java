package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.svcctl.backend.InstallOptions;
import dev.svcctl.backend.ServiceStatus;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import dev.svcctl.systemd.sandbox.SystemdSandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user unit's env: the user's manager resolves {@code EnvironmentFile=%h/.config/svcctl/env/NAME.env} to the private
 * file install wrote in the home, and the program gets each value exactly (#14).
 */
@ExtendWith(SystemdSandboxExtension.class)
class UserScopeSecretsInSystemdSandboxTest {

    @Test
    void aUserUnitLoadsItsPrivateEnvironmentFileFromTheHome(SystemdSandbox sandbox) throws Exception {
        SystemdBackend user = new SystemdBackend(SandboxHosts.userScope(sandbox));
        Path program = SandboxHosts.script("user-secrets", "while :; do sleep 1; done\n");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DB_PASSWORD", "s3cret-user");
        env.put("TRICKY", " \"q\" 'x' \\ $HOME %h #c\nline2 ");
        ServiceSpec spec = ServiceSpec.builder("user-secrets", program.toString()).env(env).build();
        InstallOptions userScope = new InstallOptions(false, false, false, false, true, Optional.empty());

        user.install(List.of(spec), userScope);

        Path file = sandbox.hostPathOf("/root/.config/svcctl/env/user-secrets.env");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
        String unit = Files.readString(sandbox.hostPathOf("/root/.config/systemd/user/user-secrets.service"));
        assertTrue(unit.contains("EnvironmentFile=%h/.config/svcctl/env/user-secrets.env"), unit);
        assertFalse(unit.contains("s3cret"), unit);
        ServiceStatus status = user.status(List.of("user-secrets"), true).get(0);
        Map<String, String> received = sandbox.process(status.pid().getAsLong()).environmentMap();
        env.forEach((k, v) -> assertEquals(v, received.get(k), k));

        user.uninstall(List.of("user-secrets"), userScope);
        assertFalse(Files.exists(file));
    }
}
