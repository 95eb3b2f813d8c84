package dev.svcctl.importer;

/** A source that cannot be imported at all: {@code file:line} and why, with a hint (exit code 65, data error). */
public final class ImportException extends Exception {
    private final String file;
    private final int line;
    private final String hint;

    public ImportException(String file, int line, String message, String hint) {
        super(message);
        this.file = file;
        this.line = line;
        this.hint = hint;
    }

    public String file() { return file; }

    public int line() { return line; }

    public String hint() { return hint; }
}
