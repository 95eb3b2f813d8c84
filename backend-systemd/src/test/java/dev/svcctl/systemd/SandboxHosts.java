package dev.svcctl.systemd;

import dev.svcctl.os.FileRoot;
import dev.svcctl.os.GetentAccounts;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.systemd.sandbox.SystemdSandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The systemd backend's ports pointed at a booted sandbox: its systemctl, its file system, its accounts. */
final class SandboxHosts {
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private SandboxHosts() {
    }

    static SystemdHost of(SystemdSandbox sandbox) {
        FileRoot files = new FileRoot(sandbox.hostPathOf("/"), sandbox.hostPathOf("/root"));
        return new SystemdHost(sandbox.processRunner(), new GetentAccounts(sandbox.processRunner()), files, true,
                PATH, dev.svcctl.install.StepPauses.NONE, "/usr/bin/svcctl", Duration.ofSeconds(15));
    }

    /**
     * Starts root's user manager (user@0.service) in the sandbox and answers ports that reach it, with
     * {@code XDG_RUNTIME_DIR=/run/user/0} so that systemctl --user finds the manager's private socket.
     */
    static SystemdHost userScope(SystemdSandbox sandbox) {
        sandbox.startUserManager(0);
        ProcessRunner inside = sandbox.processRunner();
        ProcessRunner withRuntimeDir = (argv, timeout) -> {
            List<String> command = new ArrayList<>(List.of("env", "XDG_RUNTIME_DIR=/run/user/0"));
            command.addAll(argv);
            return inside.run(command, timeout);
        };
        FileRoot files = new FileRoot(sandbox.hostPathOf("/"), sandbox.hostPathOf("/root"));
        return new SystemdHost(withRuntimeDir, new GetentAccounts(inside), files, false, PATH, dev.svcctl.install.StepPauses.NONE,
                "/usr/bin/svcctl", Duration.ofSeconds(15));
    }

    /** An executable script under the module's target/ directory, which the sandbox sees at the same path. */
    static Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "sandbox-programs").toAbsolutePath());
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Polls until {@code condition} holds; false when {@code timeout} passes first. */
    static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
