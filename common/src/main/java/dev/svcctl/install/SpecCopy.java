package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.backend.Secrets;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecWriter;
import java.util.Locale;
import java.util.Optional;

/**
 * The installed copy of a spec, which {@code svcctl run --name NAME} and the Windows service host read: an ordinary
 * artifact that every backend's render returns whenever the service runs under the svcctl supervisor. It is the
 * spec as installed (program resolved on PATH, scope as installed), with the ownership marker line.
 */
public final class SpecCopy {
    private SpecCopy() {
    }

    /**
     * The copy, readable by its owner only ({@link Artifact#MODE_PRIVATE}): it holds the values of {@code env}.
     *
     * @param owner who must own it: the account {@code svcctl run} runs as when that is not the installer (a system
     *              service with {@code user:}), so that the supervisor can read it; empty: the installer
     */
    public static Artifact of(ServiceSpec spec, String installPath, Optional<String> owner) {
        String body = SpecWriter.write(spec);
        return new Artifact(installPath, "# " + ManagedMarker.of(spec.fingerprint(), body).text() + "\n" + body,
                Artifact.MODE_PRIVATE, owner, Optional.empty());
    }

    public static Artifact of(ServiceSpec spec, String installPath) {
        return of(spec, installPath, Optional.empty());
    }

    /**
     * A spec copy's text with the values of {@code env} masked ({@link Secrets#masked}): as it is when it has none,
     * else written again from the masked spec; empty when the text is no spec.
     */
    public static Optional<String> masked(String installPath, String text) {
        try {
            ServiceSpec spec = SpecLoader.parse(installPath, text).spec();
            return Optional.of(spec.env().isEmpty() ? text : of(Secrets.masked(spec), installPath).content());
        } catch (InvalidSpecException | RuntimeException notASpec) {
            return Optional.empty();
        }
    }

    /**
     * The spec copy installed at {@code installPath}, read through the engine's file port; empty when there is no
     * file there.
     *
     * @throws InvalidSpecException when the file there is not a valid spec (edited by hand, or by a newer svcctl)
     */
    public static Optional<ServiceSpec> read(InstallEngine engine, String installPath)
            throws BackendException, InvalidSpecException {
        Existing copy = engine.read(installPath);
        return copy.kind() == Existing.Kind.FILE ? Optional.of(SpecLoader.parse(installPath, copy.text()).spec())
                : Optional.empty();
    }

    /** Whether the path is one of svcctl's spec copies ({@code .../svcctl/services/NAME.yaml}). */
    public static boolean isSpecCopy(String installPath) {
        String path = installPath.replace('\\', '/').toLowerCase(Locale.ROOT);
        return path.contains("/svcctl/services/") && path.endsWith(".yaml");
    }
}
