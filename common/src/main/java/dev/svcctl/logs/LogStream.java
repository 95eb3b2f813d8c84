package dev.svcctl.logs;

/** One of the program's output streams, and the base name of its log files. */
public enum LogStream {
    STDOUT("stdout"), STDERR("stderr");

    private final String base;

    LogStream(String base) {
        this.base = base;
    }

    /** The base of the stream's file names: {@code BASE.log} and its rotated files. */
    public String base() {
        return base;
    }

    /** The spec key that says where the stream goes. */
    public String specKey() {
        return "logs." + base;
    }
}
