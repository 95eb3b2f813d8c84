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

    /**
     * Where install records the spec file a service was last installed from: next to its spec copy (whether or not
     * the service has one), {@code .../svcctl/services/NAME.source}; uninstall removes it with the service's files.
     * It is not an artifact: where a spec came from changes nothing that is installed.
     */
    public static String sourcePath(String specCopyPath) {
        return specCopyPath.replaceFirst("\\.yaml$", "") + ".source";
    }

    /** The source recorded for the service whose spec copy path is {@code specCopyPath}; empty when none is. */
    public static Optional<String> source(InstallEngine engine, String specCopyPath) throws BackendException {
        Existing record = engine.read(sourcePath(specCopyPath));
        if (record.kind() != Existing.Kind.FILE) {
            return Optional.empty();
        }
        for (String line : record.text().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /** The former source when it differs from {@code now} (a service installed from another file than last time). */
    public static Optional<String> formerSource(InstallEngine engine, String specCopyPath, Optional<String> now)
            throws BackendException {
        if (now.isEmpty()) {
            return Optional.empty();
        }
        return source(engine, specCopyPath).filter(former -> !former.equals(now.get()));
    }

    /** Records {@code source} for the next install to compare with (a file in svcctl's directory, 0644). */
    public static void recordSource(InstallEngine engine, String specCopyPath, Optional<String> source)
            throws BackendException {
        if (source.isEmpty() || source.get().contains("\n")) {
            return;
        }
        String text = "# the spec file this service was last installed from ('-': standard input)\n"
                + source.get() + "\n";
        if (source(engine, specCopyPath).equals(source)) {
            return;
        }
        try {
            engine.files().write(sourcePath(specCopyPath), text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Artifact.MODE_FILE, Optional.empty(), "source");
        } catch (java.io.IOException e) {
            throw new BackendException(dev.svcctl.backend.ExitCode.FAILED, "cannot record where the spec of "
                    + specCopyPath + " came from: " + e.getMessage(), null, e);
        }
    }
}
