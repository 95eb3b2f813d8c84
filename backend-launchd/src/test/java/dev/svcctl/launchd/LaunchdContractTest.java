package dev.svcctl.launchd;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.BackendContract;
import dev.svcctl.install.LocalArtifactFiles;
import dev.svcctl.install.StepPauses;
import dev.svcctl.spec.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The backend contract on launchd, live through the in-memory launchctl with the host's files in a directory under
 * target/ (which stands for / and for the home).
 */
class LaunchdContractTest extends BackendContract {
    private static final String FOREIGN_PLIST = """
            <?xml version="1.0" encoding="UTF-8"?>
            <plist version="1.0"><dict><key>Label</key><string>contract</string></dict></plist>
            """;

    @Override
    protected Subject subject() throws Exception {
        Path dir = Sandbox.dir("contract");
        ArtifactFiles files = LocalArtifactFiles.under(dir, StepPauses.NONE);
        FakeLaunchctl launchctl = new FakeLaunchctl(new ArrayList<>());
        LaunchdBackend backend = new LaunchdBackend(launchctl, files, new LocalPlistFiles(), FakeHost.ROOT);
        return new Subject() {
            @Override
            public Backend backend() {
                return backend;
            }

            @Override
            public ServiceSpec spec(String name, String description) {
                return ServiceSpec.builder(name, "/usr/bin/app").description(description).build();
            }

            @Override
            public InstallOptions options(boolean dryRun, boolean force) {
                return new InstallOptions(dryRun, false, false, force, false, Optional.empty());
            }

            @Override
            public String mainPath(String name) {
                return LaunchdLayout.installPath(name, dev.svcctl.spec.Scope.SYSTEM);
            }

            @Override
            public ArtifactFiles files() {
                return files;
            }

            @Override
            public void plantForeign(String name) throws Exception {
                Path plist = files.locate(mainPath(name));
                Files.createDirectories(plist.getParent());
                Files.writeString(plist, FOREIGN_PLIST, StandardCharsets.UTF_8);
                launchctl.loaded.add(name);
            }

            @Override
            public byte[] foreign(String name) throws Exception {
                return bytesOf(files, mainPath(name));
            }
        };
    }
}
