package dev.svcctl.importer;

/**
 * A source setting that did not become a spec key: {@code file:line} where it is, the setting as the source names
 * it, and why (what svcctl does instead, or what the user must decide). {@code service} is the imported service it
 * belongs to, or null for a file-wide setting.
 */
public record ImportWarning(String file, int line, String service, String setting, String message) {
    /** {@code FILE:LINE: SETTING: MESSAGE}, the text form. */
    public String describe() {
        return file + ":" + line + ": " + setting + ": " + message;
    }
}
