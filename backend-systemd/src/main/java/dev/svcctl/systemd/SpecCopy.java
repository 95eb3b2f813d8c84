package dev.svcctl.systemd;

import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The canonical YAML of an installed spec, which install writes to {@code /etc/svcctl/services/NAME.yaml} (user
 * scope: {@code ~/.config/svcctl/services/NAME.yaml}) next to the unit, for {@code svcctl run --name NAME}. It is
 * the spec as installed: {@code exec} resolved on PATH, the scope as installed.
 */
final class SpecCopy {
    private SpecCopy() {
    }

    /** Where the copy goes, what it must say, and whether the file already says exactly that. */
    record Target(Path path, String text, boolean current) {
    }

    static Target target(ServiceSpec spec, Path path) throws IOException {
        String text = SpecWriter.write(spec);
        boolean current = Files.isRegularFile(path) && !Files.isSymbolicLink(path)
                && new String(Files.readAllBytes(path), StandardCharsets.UTF_8).equals(text);
        return new Target(path, text, current);
    }
}
