package dev.svcctl.importer;

import java.util.ArrayList;
import java.util.List;

/** The warnings of one source file as an importer collects them, each at its {@code FILE:LINE}. */
final class Findings {
    private final String file;
    private final List<ImportWarning> warnings = new ArrayList<>();
    private String service;

    Findings(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** The service the following warnings belong to (null for file-wide ones). */
    void service(String name) {
        service = name;
    }

    void warn(int line, String setting, String message) {
        warnings.add(new ImportWarning(file, line, service, setting, message));
    }

    ImportException error(int line, String message, String hint) {
        return new ImportException(file, line, message, hint);
    }

    List<ImportWarning> warnings() {
        return List.copyOf(warnings);
    }
}
