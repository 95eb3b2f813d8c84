package dev.svcctl.importer;

import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecError;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecWriter;

/** The check every importer ends with: the spec it built must be one {@code svcctl validate} accepts. */
final class ImportedSpecs {
    private ImportedSpecs() {
    }

    /**
     * {@code spec}, after writing it as YAML and loading it back through the spec loader, so an imported spec holds no
     * value a hand-written spec could not; a value the loader refuses becomes an error at the source's line.
     */
    static ServiceSpec validated(ServiceSpec spec, String file, int line) throws ImportException {
        try {
            return SpecLoader.parse(spec.name() + ".yaml", SpecWriter.write(spec)).spec();
        } catch (InvalidSpecException e) {
            SpecError first = e.errors().get(0);
            throw new ImportException(file, line, "the imported service '" + spec.name() + "' is no valid spec: "
                    + first.message(), first.hint().orElse("change the source so that the value fits svcctl's spec"));
        }
    }
}
