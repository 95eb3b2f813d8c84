package dev.svcctl.windows;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.InstallOptions;
import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.BackendContract;
import dev.svcctl.install.MemoryArtifactFiles;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.scm.InMemoryScm;
import dev.svcctl.windows.scm.Scm;
import dev.svcctl.windows.scm.ScmException;
import dev.svcctl.windows.scm.ServiceConfig;
import dev.svcctl.windows.scm.ServiceHandle;
import dev.svcctl.windows.scm.ServiceManager;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The backend contract on Windows, through the in-memory SCM: the stored spec is the main file. */
class WindowsContractTest extends BackendContract {

    @Override
    protected Subject subject() {
        InMemoryScm scm = new InMemoryScm();
        MemoryArtifactFiles files = new MemoryArtifactFiles();
        WindowsBackend backend = new WindowsBackend(() -> scm, root -> files, variable -> null, pause -> { });
        return new Subject() {
            @Override
            public Backend backend() {
                return backend;
            }

            @Override
            public ServiceSpec spec(String name, String description) {
                return ServiceSpec.builder(name, "C:\\app\\app.exe").description(description).build();
            }

            @Override
            public InstallOptions options(boolean dryRun, boolean force) {
                return new InstallOptions(dryRun, false, false, force, false, Optional.empty());
            }

            @Override
            public String mainPath(String name) {
                return WindowsPaths.specFile(name);
            }

            @Override
            public ArtifactFiles files() {
                return files;
            }

            @Override
            public void plantForeign(String name) {
                scm.installForeign(new ServiceConfig(name, "Installed by hand", "\"C:\\Vendor\\vendor.exe\" -service",
                        ScmRegistration.StartType.DEMAND, false, "NT AUTHORITY\\LocalService", List.of("Tcpip"),
                        "A vendor's service", new ScmRegistration.FailureActions(List.of(new ScmRegistration.Action(
                                ScmRegistration.Action.Type.RESTART, 5000)), 3600, false),
                        OptionalLong.empty(), ScmRegistration.SidType.UNRESTRICTED,
                        List.of("SeChangeNotifyPrivilege")));
            }

            @Override
            public byte[] foreign(String name) throws ScmException {
                try (ServiceManager manager = scm.connect(Scm.Access.ALL);
                     ServiceHandle service = manager.open(name, Scm.Access.ALL)) {
                    return service.queryConfig().toText().getBytes(StandardCharsets.UTF_8);
                }
            }
        };
    }
}
