package dev.svcctl.systemd;

import dev.svcctl.os.FileRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** A host made of fakes, rooted in a fresh directory under target/ (never the host's /tmp). */
final class Fixture {
    final Path root;
    final FileRoot files;
    final FakeSystemd systemd;
    dev.svcctl.os.Accounts accounts = new FakeAccounts(Set.of("root", "app"), Set.of("root", "app"));
    boolean superuser = true;
    String path = "/usr/bin:/bin";
    /** The running svcctl's launcher, as the launcher script's svcctl.launcher property gives it. */
    String launcher = "/usr/bin/svcctl";

    Fixture() throws IOException {
        root = Files.createDirectories(Path.of("target", "test-hosts", UUID.randomUUID().toString()))
                .toAbsolutePath();
        files = new FileRoot(root, root.resolve("root"));
        Files.createDirectories(files.resolve("/run/systemd/system"));
        systemd = new FakeSystemd(files);
    }

    SystemdHost host() {
        return new SystemdHost(systemd, accounts, files, superuser, path, dev.svcctl.install.StepPauses.NONE, launcher,
                Duration.ofMillis(500));
    }

    SystemdBackend backend() {
        return new SystemdBackend(host());
    }

    Path unitFile(String name) {
        return files.resolve("/etc/systemd/system/" + name + ".service");
    }

    Path executable(String hostPath) throws IOException {
        Path file = files.resolve(hostPath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        file.toFile().setExecutable(true);
        return file;
    }
}
