package dev.svcctl.systemd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.install.Existing;
import dev.svcctl.install.InstallEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What 'svcctl enable' or 'svcctl disable' chose for a service, kept in svcctl's directory
 * ({@code /etc/svcctl/services/.NAME.enablement}) so that install can tell a user's choice from an install that was
 * interrupted before it enabled the unit: install keeps the choice while the spec's {@code startup} stays what it
 * was, and forgets it when that changes. Uninstall removes it with the service.
 */
final class EnablementChoice {
    private EnablementChoice() {
    }

    static String path(String service, boolean user) {
        String spec = UnitFiles.specPath(service, user);
        return spec.substring(0, spec.lastIndexOf('/') + 1) + "." + service + ".enablement";
    }

    static Optional<Boolean> read(InstallEngine engine, String service, boolean user) throws BackendException {
        Existing record = engine.read(path(service, user));
        if (record.kind() != Existing.Kind.FILE) {
            return Optional.empty();
        }
        String text = record.text().strip();
        return text.equals("enabled") ? Optional.of(true) : text.equals("disabled") ? Optional.of(false)
                : Optional.empty();
    }

    static void write(InstallEngine engine, String service, boolean user, boolean enabled) throws BackendException {
        try {
            engine.files().write(path(service, user), ((enabled ? "enabled" : "disabled") + "\n")
                    .getBytes(StandardCharsets.UTF_8), 0644, "enablement");
        } catch (IOException e) {
            throw Preconditions.ioFailure("cannot record that " + service + " is " + (enabled ? "enabled"
                    : "disabled"), e);
        }
    }

    /** Drops the choice (install of a spec whose startup changed; uninstall). */
    static void forget(InstallEngine engine, String service, boolean user) throws BackendException {
        engine.remove(service, List.of(path(service, user)));
    }
}
