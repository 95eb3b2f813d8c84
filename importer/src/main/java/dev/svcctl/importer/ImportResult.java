package dev.svcctl.importer;

import dev.svcctl.spec.ServiceSpec;
import java.util.List;

/** What one source file became: its services as specs, and what could not be mapped exactly. */
public record ImportResult(List<ServiceSpec> specs, List<ImportWarning> warnings) {
    public ImportResult {
        specs = List.copyOf(specs);
        warnings = List.copyOf(warnings);
    }
}
