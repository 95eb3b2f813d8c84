package dev.svcctl.windows;

/** Where svcctl keeps its files on Windows (%ProgramData% is C:\ProgramData on every supported Windows). */
public final class WindowsPaths {
    public static final String PROGRAM_DATA = "C:\\ProgramData\\svcctl";
    public static final String SERVICES_DIR = PROGRAM_DATA + "\\services";
    public static final String LOGS_DIR = PROGRAM_DATA + "\\logs";
    /** The default install location of the svcctl launcher that SCM starts as the service host. */
    public static final String DEFAULT_SVCCTL = "C:\\Program Files\\svcctl\\bin\\svcctl.exe";

    private WindowsPaths() {
    }

    public static String specFile(String serviceName) {
        return SERVICES_DIR + "\\" + serviceName + ".yaml";
    }

    public static String logDirectory(String serviceName) {
        return LOGS_DIR + "\\" + serviceName;
    }
}
