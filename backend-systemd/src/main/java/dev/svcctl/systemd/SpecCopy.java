package dev.svcctl.systemd;

import dev.svcctl.spec.ServiceSpec;
import java.util.Optional;

/**
 * The canonical YAML of an installed spec, which install writes to {@code /etc/svcctl/services/NAME.yaml} (user
 * scope: {@code ~/.config/svcctl/services/NAME.yaml}) next to the unit, for {@code svcctl run --name NAME}.
 */
final class SpecCopy {
    private SpecCopy() {
    }

    /**
     * TODO(spec-writer): answer {@code Optional.of(dev.svcctl.spec.SpecWriter.write(spec))} once common's SpecWriter
     * (written on the windows branch) is on main; until then no copy is written and units that run
     * {@code svcctl run --name} find no spec.
     */
    static Optional<String> text(ServiceSpec spec) {
        return Optional.empty();
    }
}
