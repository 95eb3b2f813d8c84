package dev.svcctl.windows;

/** Where svcctl keeps its files on Windows (%ProgramData% is C:\ProgramData on every supported Windows). */
public final class WindowsPaths {
    public static final String PROGRAM_DATA = "C:\\ProgramData\\svcctl";
    public static final String SERVICES_DIR = PROGRAM_DATA + "\\services";
    public static final String LOGS_DIR = PROGRAM_DATA + "\\logs";
    /** The service host's state files. */
    public static final String RUN_DIR = PROGRAM_DATA + "\\run";
    /** Where JNA may unpack its native library when the one under the svcctl home is missing (jna.tmpdir). */
    public static final String JNA_DIR = PROGRAM_DATA + "\\jna";

    private WindowsPaths() {
    }

    public static String specFile(String serviceName) {
        return SERVICES_DIR + "\\" + serviceName + ".yaml";
    }

    public static String stateFile(String serviceName) {
        return RUN_DIR + "\\" + serviceName + ".json";
    }

    public static String logDirectory(String serviceName) {
        return LOGS_DIR + "\\" + serviceName;
    }
}
