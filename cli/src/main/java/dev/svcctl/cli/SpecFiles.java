package dev.svcctl.cli;

import dev.svcctl.backend.Backend;
import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.spec.InvalidSpecException;
import dev.svcctl.spec.LoadedSpec;
import dev.svcctl.spec.SourceLocation;
import dev.svcctl.spec.SpecError;
import dev.svcctl.spec.SpecLoader;
import dev.svcctl.spec.SpecProblem;
import java.nio.file.Files;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads the spec files a command names, reporting the errors of all of them together. */
final class SpecFiles {
    private SpecFiles() {
    }

    /** The file name that stands for standard input. */
    static final String STDIN = "-";

    /** Where {@code -} reads from: the process's standard input when null; tests put theirs. */
    static InputStream stdin;

    /**
     * Loads every file and, when a backend is given, checks each spec against it. {@code -} reads one spec from
     * standard input (bounded like a file; errors say {@code <stdin>:LINE:COL}); the name comes from the spec. A file
     * that does not exist is no invalid spec: exit 66 (EX_NOINPUT) names every missing one before any is read.
     */
    static List<LoadedSpec> load(List<Path> files, Backend backend) throws InvalidSpecException, BackendException {
        requireExisting(files);
        List<LoadedSpec> loaded = new ArrayList<>();
        List<SpecError> errors = new ArrayList<>();
        if (files.stream().filter(SpecFiles::isStdin).count() > 1) {
            throw new InvalidSpecException(List.of(new SpecError(new SourceLocation(SpecLoader.STDIN_NAME, 1, 1),
                    "'-' (standard input) may be given once", "put the other specs in files")));
        }
        for (Path file : files) {
            try {
                LoadedSpec spec = isStdin(file) ? SpecLoader.read(SpecLoader.STDIN_NAME, stdin != null ? stdin : System.in)
                        : SpecLoader.load(file);
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
            if (!isStdin(file) && Files.notExists(file)) {
                missing.add(file.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new BackendException(ExitCode.NO_INPUT, "no such file: " + String.join(", ", missing),
                    "check the path" + (missing.size() == 1 ? "" : "s"));
        }
    }

    /** How install records where a spec came from: the file's absolute, normalized path, or {@code -}. */
    static String sourceName(Path file) {
        return isStdin(file) ? STDIN : file.toAbsolutePath().normalize().toString();
    }

    static boolean isStdin(Path file) {
        return file.toString().equals(STDIN);
    }
}
