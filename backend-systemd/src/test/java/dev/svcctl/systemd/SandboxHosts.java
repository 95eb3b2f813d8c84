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
     * Starts root's user manager (user@0.service) in the sandbox and answers ports that reach it. The sandbox has no
     * D-Bus or logind, so two runtime drop-ins stand in for what logind does: create /run/user/0 and tell the
     * manager where it is; systemctl --user then talks to the manager over its private socket.
     */
    static SystemdHost userScope(SystemdSandbox sandbox) {
        sandbox.writeFile("/run/systemd/system/user-runtime-dir@0.service.d/sandbox.conf", """
                [Service]
                ExecStart=
                ExecStart=/bin/mkdir -p -m 0700 /run/user/0
                ExecStop=
                ExecStop=/bin/rm -rf /run/user/0
                """);
        sandbox.writeFile("/run/systemd/system/user@0.service.d/sandbox.conf",
                "[Service]\nEnvironment=XDG_RUNTIME_DIR=/run/user/0\n");
        sandbox.execOk("systemctl", "daemon-reload");
        sandbox.execOk("systemctl", "start", "user@0.service");
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
