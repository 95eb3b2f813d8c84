package dev.svcctl.install;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What 'svcctl enable' or 'svcctl disable' chose for a service, kept in svcctl's directory beside the service's spec
 * copy path ({@code .../svcctl/services/.NAME.enablement}), so that install can tell a user's choice from the spec's
 * {@code startup} (and, on systemd, from an install interrupted before it enabled the unit): a backend's install
 * keeps the choice while the spec's startup stays what it was, and forgets it when that changes. Uninstall removes
 * it with the service.
 */
public final class EnablementChoice {
    private EnablementChoice() {
    }

    /** The record of the service whose spec copy path is {@code specCopyPath}. */
    public static String path(String specCopyPath) {
        int slash = Math.max(specCopyPath.lastIndexOf('/'), specCopyPath.lastIndexOf('\\'));
        String name = specCopyPath.substring(slash + 1).replaceFirst("\\.yaml$", "");
        return specCopyPath.substring(0, slash + 1) + "." + name + ".enablement";
    }

    public static Optional<Boolean> read(InstallEngine engine, String specCopyPath) throws BackendException {
        Existing record = engine.read(path(specCopyPath));
        if (record.kind() != Existing.Kind.FILE) {
            return Optional.empty();
        }
        String text = record.text().strip();
        return text.equals("enabled") ? Optional.of(true) : text.equals("disabled") ? Optional.of(false)
                : Optional.empty();
    }

    public static void write(InstallEngine engine, String specCopyPath, boolean enabled) throws BackendException {
        try {
            engine.files().write(path(specCopyPath), ((enabled ? "enabled" : "disabled") + "\n")
                    .getBytes(StandardCharsets.UTF_8), 0644, "enablement");
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot record the choice of enable/disable in "
                    + engine.files().describe(path(specCopyPath)) + ": " + e.getMessage(), null, e);
        }
    }

    /**
     * What install keeps: the choice, when the spec being installed has the same startup as the installed one
     * ({@code sameStartup}, which each backend reads from what it installed); otherwise the choice is forgotten and
     * the spec's startup decides again.
     */
    public static Optional<Boolean> kept(InstallEngine engine, String specCopyPath, boolean sameStartup)
            throws BackendException {
        Optional<Boolean> chosen = read(engine, specCopyPath);
        if (chosen.isPresent() && !sameStartup) {
            forget(engine, specCopyPath);
            return Optional.empty();
        }
        return chosen;
    }

    /** Drops the choice (install of a spec whose startup changed; uninstall). */
    public static void forget(InstallEngine engine, String specCopyPath) throws BackendException {
        engine.remove("", List.of(path(specCopyPath)));
    }
}
