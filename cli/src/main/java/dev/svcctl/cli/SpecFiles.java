package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LoadedSpec;
import dev.svcctl.spec.SpecError;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the spec files a command names, reporting the errors of all of them together. */
final class SpecFiles {
    private SpecFiles() {
    }

    /**
     * Loads every file and, when a backend is given, checks each spec against it. A file that does not exist is no
     * invalid spec: exit 66 (EX_NOINPUT) names every missing one before any is read.
     */
    static List<LoadedSpec> load(List<Path> files, Backend backend) throws InvalidSpecException, BackendException {
        requireExisting(files);
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

    /** Fails with exit 66 when a file is known not to exist (one that cannot be looked at is left to the read). */
    static void requireExisting(List<Path> files) throws BackendException {
        List<String> missing = new ArrayList<>();
        for (Path file : files) {
            if (Files.notExists(file)) {
                missing.add(file.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new BackendException(ExitCode.NO_INPUT, "no such file: " + String.join(", ", missing),
                    "check the path" + (missing.size() == 1 ? "" : "s"));
        }
    }
}
