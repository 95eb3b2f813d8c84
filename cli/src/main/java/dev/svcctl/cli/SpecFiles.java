package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LoadedSpec;
import dev.svcctl.spec.SpecError;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecProblem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the spec files a command names, reporting the errors of all of them together. */
final class SpecFiles {
    private SpecFiles() {
    }

    /** Loads every file and, when a backend is given, checks each spec against it. */
    static List<LoadedSpec> load(List<Path> files, Backend backend) throws InvalidSpecException {
        List<LoadedSpec> loaded = new ArrayList<>();
        List<SpecError> errors = new ArrayList<>();
        for (Path file : files) {
            try {
                LoadedSpec spec = SpecLoader.load(file);
                if (backend != null) {
                    for (SpecProblem problem : backend.check(spec.spec())) {
                        errors.add(spec.sources().toError(problem));
                    }
                }
                loaded.add(spec);
            } catch (InvalidSpecException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return loaded;
    }
}
