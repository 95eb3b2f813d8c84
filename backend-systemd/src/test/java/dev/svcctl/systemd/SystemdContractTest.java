package dev.svcctl.systemd;

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
import java.util.Optional;

/** The backend contract on systemd, live through the fake systemctl. */
class SystemdContractTest extends BackendContract {

    @Override
    protected Subject subject() throws Exception {
        Fixture host = new Fixture();
        host.executable("/usr/bin/app");
        ArtifactFiles files = LocalArtifactFiles.host(host.files, StepPauses.NONE);
        return new Subject() {
            @Override
            public Backend backend() {
                return host.backend();
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
                return UnitFiles.unitPath(name, false);
            }

            @Override
            public ArtifactFiles files() {
                return files;
            }

            @Override
            public void plantForeign(String name) throws Exception {
                Path unit = host.unitFile(name);
                Files.createDirectories(unit.getParent());
                Files.writeString(unit, "[Unit]\nDescription=written by hand\n\n[Service]\nExecStart=/bin/true\n",
                        StandardCharsets.UTF_8);
            }

            @Override
            public byte[] foreign(String name) throws Exception {
                return bytesOf(files, mainPath(name));
            }
        };
    }
}
