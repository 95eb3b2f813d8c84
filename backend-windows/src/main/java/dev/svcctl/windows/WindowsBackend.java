package dev.svcctl.windows;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.Backend;
import dev.svcctl.backend.Host;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.backend.Rendering;
import dev.svcctl.backend.UnsupportedSpecException;
import dev.svcctl.spec.Paths;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import dev.svcctl.spec.SpecWriter;
import java.util.List;

/**
 * Windows: one SCM service per spec whose binary path runs {@code svcctl host --name NAME}, plus the spec stored under
 * %ProgramData%\svcctl\services for that host. Construction, {@link #detect}, {@link #check} and {@link #render} never
 * load JNA: the CLI starts fast and renders on any host.
 */
public final class WindowsBackend implements Backend {
    public static final String ID = "windows";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean detect(Host host) {
        return host.osName().startsWith("Windows");
    }

    @Override
    public List<SpecProblem> check(ServiceSpec spec) {
        return WindowsSpecCheck.check(spec);
    }

    @Override
    public Rendering render(ServiceSpec spec, RenderOptions options) throws UnsupportedSpecException {
        List<SpecProblem> problems = check(spec);
        if (!problems.isEmpty()) {
            throw new UnsupportedSpecException(problems);
        }
        String svcctl = svcctlExecutable(options);
        if (!Paths.isWindowsAbsolute(svcctl) || WindowsCommandLine.problem(List.of(svcctl)) != null) {
            throw new UnsupportedSpecException(List.of(new SpecProblem("--svcctl-path", "'" + svcctl
                    + "' is not an absolute Windows path to the svcctl launcher", WindowsPaths.DEFAULT_SVCCTL)));
        }
        ScmRegistration registration = RegistrationRenderer.render(spec, svcctl);
        return new Rendering(ID, spec.name(), List.of(specArtifact(spec)), registration.toMap());
    }

    /** The launcher SCM starts; the POSIX default of --svcctl-path means "the Windows default". */
    static String svcctlExecutable(RenderOptions options) {
        String command = options.svcctlCommand();
        return command == null || command.equals(RenderOptions.DEFAULT_SVCCTL) ? WindowsPaths.DEFAULT_SVCCTL
                : command;
    }

    /** The spec as the service host reads it, with the ownership marker line every svcctl artifact carries. */
    static Artifact specArtifact(ServiceSpec spec) {
        String body = SpecWriter.write(spec);
        String marker = ManagedMarker.of(spec.fingerprint(), body).text();
        return new Artifact(WindowsPaths.specFile(spec.name()), "# " + marker + "\n" + body, Artifact.MODE_FILE);
    }
}
