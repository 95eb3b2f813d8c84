package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecWriter;
import java.util.Locale;

/**
 * The installed copy of a spec, which {@code svcctl run --name NAME} and the Windows service host read: an ordinary
 * artifact that every backend's render returns whenever the service runs under the svcctl supervisor. It is the
 * spec as installed (program resolved on PATH, scope as installed), with the ownership marker line.
 */
public final class SpecCopy {
    private SpecCopy() {
    }

    public static Artifact of(ServiceSpec spec, String installPath) {
        String body = SpecWriter.write(spec);
        return new Artifact(installPath, "# " + ManagedMarker.of(spec.fingerprint(), body).text() + "\n" + body,
                Artifact.MODE_FILE);
    }

    /**
     * Whether the path is in one of svcctl's own spec directories ({@code .../svcctl/services/}): nobody else writes
     * there, so a copy written by an svcctl that did not mark it yet is svcctl's too.
     */
    public static boolean isSpecCopy(String installPath) {
        String path = installPath.replace('\\', '/').toLowerCase(Locale.ROOT);
        return path.contains("/svcctl/services/") && path.endsWith(".yaml");
    }
}
