package dev.svcctl.windows;

import dev.svcctl.backend.Host;
import dev.svcctl.backend.LauncherPaths;
import dev.svcctl.backend.RenderOptions;
import dev.svcctl.spec.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * How Windows starts svcctl for a service or a scheduled task. The distribution's launcher is {@code bin\svcctl.cmd},
 * which the SCM cannot run as a service binary, so the binary path runs the Java that svcctl runs on directly:
 *
 * <pre>"JAVA\bin\java.exe" -Xrs -Djna.boot.library.path=HOME\lib\jna\win32-x86-64
 *     -Djna.tmpdir=C:\ProgramData\svcctl\jna -Dsvcctl.home=HOME -cp HOME\lib\svcctl.jar dev.svcctl.cli.Main
 *     host --name NAME</pre>
 *
 * <p>{@code -Xrs} keeps the JVM from acting on console events (a user logging off must not stop a service); JNA
 * loads its native library from the distribution's {@code lib\jna} (unpacked at build time) rather than extracting
 * it, and {@code jna.tmpdir} names a directory every service account can use should it ever have to extract. The
 * at-logon task runs {@code javaw.exe} (no console window in the user's session) with {@code run FILE}.
 *
 * <p>HOME: {@code --svcctl-home} when given; else, on Windows, the installing svcctl's own ({@code svcctl.home}, which
 * bin\svcctl.cmd sets); else {@value #DEFAULT_HOME}. JAVA: {@code --java-home} when given; else, on Windows, the
 * runtime shipped in HOME\jre when it holds {@code bin\java.exe} (every account can read what is installed with
 * svcctl), then the installing svcctl's {@code java.home}; else HOME\jre. A service (not a user's task) refuses
 * either when it lies in a user profile, a temporary directory or a build tree ({@link #serviceProblem()}).
 */
public record WindowsLaunch(String svcctlHome, String javaHome, String jnaPlatform) {
    public static final String DEFAULT_HOME = "C:\\Program Files\\svcctl";
    public static final String MAIN_CLASS = "dev.svcctl.cli.Main";
    static final String TASK_JNA_DIR = "%LOCALAPPDATA%\\svcctl\\jna";

    /** The homes for a rendering: explicit options, else the installing svcctl's on Windows, else the defaults. */
    public static WindowsLaunch of(RenderOptions options, Host host, UnaryOperator<String> systemProperties) {
        return of(options, host, systemProperties, path -> false);
    }

    /**
     * The homes for a rendering, {@code isFile} telling whether a file exists on this host (asked only on
     * Windows, for HOME\jre\bin\java.exe).
     */
    public static WindowsLaunch of(RenderOptions options, Host host, UnaryOperator<String> systemProperties,
                                   Predicate<String> isFile) {
        boolean windows = host.osName().startsWith("Windows");
        Optional<String> ownHome = windows ? Optional.ofNullable(systemProperties.apply("svcctl.home"))
                : Optional.empty();
        Optional<String> ownJava = windows ? Optional.ofNullable(systemProperties.apply("java.home"))
                : Optional.empty();
        String home = stripTrailingBackslashes(options.svcctlHome().or(() -> ownHome).orElse(DEFAULT_HOME));
        String bundled = home + "\\jre";
        Optional<String> ownRuntime = windows && isFile.test(bundled + "\\bin\\java.exe") ? Optional.of(bundled)
                : ownJava;
        String java = stripTrailingBackslashes(options.javaHome().or(() -> ownRuntime).orElse(bundled));
        String arch = windows ? String.valueOf(systemProperties.apply("os.arch")).toLowerCase(Locale.ROOT) : "";
        return new WindowsLaunch(home, java, arch.equals("aarch64") || arch.equals("arm64")
                ? "win32-aarch64" : "win32-x86-64");
    }

    private static String stripTrailingBackslashes(String path) {
        String p = path;
        while (p.length() > 3 && p.endsWith("\\")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** Why these homes cannot be used in a command line, or empty. */
    public Optional<String> problem() {
        for (String[] named : new String[][] {{"--svcctl-home", svcctlHome}, {"--java-home", javaHome}}) {
            if (!Paths.isWindowsAbsolute(named[1]) || named[1].indexOf('"') >= 0 || named[1].indexOf('%') >= 0
                    || named[1].indexOf('\0') >= 0) {
                return Optional.of(named[0] + " '" + named[1] + "' is not an absolute Windows path (without '\"'"
                        + " or '%')");
            }
        }
        return Optional.empty();
    }

    /**
     * Why a service's binary path must not name these homes, or empty: an SCM service runs under an account of its
     * own (LocalService, a virtual account...), which cannot read another user's profile, so a per-user JDK or a
     * svcctl unpacked under C:\Users would fail at the first start; a temporary directory or a build tree would not
     * last ({@link LauncherPaths}, the rule systemd units and launchd daemons follow).
     */
    public Optional<String> serviceProblem() {
        for (String[] named : new String[][] {{"the Java", javaHome}, {"svcctl's home", svcctlHome}}) {
            Optional<String> why = LauncherPaths.whyNotDurable(named[1], true);
            if (why.isPresent()) {
                return Optional.of("the service's binary path would name " + named[0] + " at " + named[1] + ", but "
                        + why.get());
            }
        }
        return Optional.empty();
    }

    /** The one-line hint of a {@link #serviceProblem()}. */
    public static final String SERVICE_HINT = "install svcctl machine-wide (e.g. under " + DEFAULT_HOME + ") and run"
            + " it on a Java installed for all users (under C:\\Program Files, with JAVA_HOME naming it), or put a"
            + " Java runtime in svcctl's jre directory, which it then uses";

    public String javaExe() {
        return javaHome + "\\bin\\java.exe";
    }

    public String javawExe() {
        return javaHome + "\\bin\\javaw.exe";
    }

    public String jar() {
        return svcctlHome + "\\lib\\svcctl.jar";
    }

    /** The service's binary path as an argv: {@code svcctl host --name NAME} on svcctl's Java. */
    public List<String> hostArgv(String serviceName) {
        List<String> argv = new ArrayList<>(List.of(javaExe(), "-Xrs"));
        argv.addAll(jvmArguments(WindowsPaths.JNA_DIR));
        argv.addAll(List.of("host", "--name", serviceName));
        return argv;
    }

    /** The binary path of every service of a shared group: {@code svcctl host --group GROUP}. */
    public List<String> groupHostArgv(String group) {
        List<String> argv = new ArrayList<>(List.of(javaExe(), "-Xrs"));
        argv.addAll(jvmArguments(WindowsPaths.JNA_DIR));
        argv.addAll(List.of("host", "--group", group));
        return argv;
    }

    /** The scheduled task's arguments after {@link #javawExe()}: {@code svcctl run SPEC}. */
    public List<String> taskArguments(String specFile) {
        List<String> args = new ArrayList<>(jvmArguments(TASK_JNA_DIR));
        args.addAll(List.of("run", specFile));
        return args;
    }

    private List<String> jvmArguments(String jnaTmpDir) {
        return List.of("-Djna.boot.library.path=" + svcctlHome + "\\lib\\jna\\" + jnaPlatform,
                "-Djna.tmpdir=" + jnaTmpDir, "-Dsvcctl.home=" + svcctlHome, "-cp", jar(), MAIN_CLASS);
    }
}
