package dev.svcctl.windows;

import java.nio.file.Path;
import java.util.function.Function;

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

    /**
     * Where {@code install --force} keeps the SCM configuration of a service it took over (as
     * {@link dev.svcctl.windows.scm.ServiceConfig#toText}), which uninstall puts back.
     */
    public static String scmBackupFile(String serviceName) {
        return SERVICES_DIR + "\\." + serviceName + ".scm-backup";
    }

    /**
     * Where an install path is on this host: C:\ProgramData stands for %ProgramData% (the same on every supported
     * Windows, but honoured when set differently) and ~/AppData/Local/ for %LOCALAPPDATA%, which is what the task's
     * arguments name.
     */
    public static Path onHost(String installPath, Function<String, String> environment) {
        String local = "~/AppData/Local/";
        if (installPath.startsWith(local)) {
            String localAppData = environment.apply("LOCALAPPDATA");
            Path base = localAppData != null ? Path.of(localAppData)
                    : Path.of(System.getProperty("user.home"), "AppData", "Local");
            return base.resolve(installPath.substring(local.length()));
        }
        String programData = environment.apply("ProgramData");
        String prefix = "C:\\ProgramData";
        if (programData != null && installPath.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return Path.of(programData + installPath.substring(prefix.length()));
        }
        return Path.of(installPath);
    }

    public static String stateFile(String serviceName) {
        return RUN_DIR + "\\" + serviceName + ".json";
    }

    public static String logDirectory(String serviceName) {
        return LOGS_DIR + "\\" + serviceName;
    }
}
