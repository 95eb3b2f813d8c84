package dev.svcctl.systemd.sandbox;

import dev.svcctl.os.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A throwaway systemd booted as PID 1 of new namespaces by {@code scripts/systemd-sandbox} (see the script for
 * how the host is kept unchanged). One per test class is the intended use, through {@link SystemdSandboxExtension}
 * or {@link #boot(Path)} in a {@code @BeforeAll}.
 *
 * <p>Units under test are written into the sandbox's own {@code /etc/systemd/system} (a tmpfs inside) with
 * {@link #installUnit}. The project directory is shared read-write at the same path, so files under
 * {@code target/} (spec files, the svcctl launcher) are visible inside as they are on the host.
 *
 * <p>PIDs that systemctl reports are PIDs of the sandbox's PID namespace; {@link #process} reads
 * {@code /proc/PID/...} inside, where they are valid.
 */
public final class SystemdSandbox implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(60);
    private static final byte[] NO_INPUT = new byte[0];

    private final Path script;
    private final Path dir;
    private final long hostPid;
    private final Thread stopOnExit;
    private boolean closed;

    private SystemdSandbox(Path script, Path dir, long hostPid) {
        this.script = script;
        this.dir = dir;
        this.hostPid = hostPid;
        this.stopOnExit = new Thread(this::stopQuietly, "stop systemd sandbox " + dir);
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Boots a sandbox whose state lives in {@code dir} (which must be under a {@code target/} directory), sharing
     * the project directory. Skips the calling test (fails it on CI) when this host cannot run one.
     */
    public static SystemdSandbox boot(Path dir) {
        Path script = requireScript();
        return boot(script, dir, List.of(SandboxScript.projectRoot(script)));
    }

    /** Boots a sandbox in {@code target/systemd-sandbox/NAME} of the module whose tests are running. */
    public static SystemdSandbox bootInModule(String name) {
        return boot(SandboxScript.moduleDirectory().resolve("target").resolve("systemd-sandbox").resolve(name));
    }

    private static SystemdSandbox boot(Path script, Path dir, List<Path> shares) {
        Path absolute = dir.toAbsolutePath().normalize();
        // A sandbox left behind by an aborted earlier run of the same tests would make start refuse.
        runScript(script, "stop", absolute.toString());
        List<String> start = new ArrayList<>(List.of("start", absolute.toString()));
        for (Path share : shares) {
            start.add("--share");
            start.add(share.toString());
        }
        RawResult started = runScript(script, start.toArray(String[]::new));
        if (!started.ok()) {
            throw new IllegalStateException("the systemd sandbox did not boot: " + started.stderrText().strip());
        }
        try {
            long pid = Long.parseLong(Files.readString(absolute.resolve("pid")).strip());
            return new SystemdSandbox(script, absolute, pid);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox booted but its pid file is unreadable", e);
        }
    }

    /**
     * Runs {@code systemd-analyze verify} on unit files of the host (e.g. under target/) in a private mount
     * namespace; needs no booted sandbox. It exits 0 on warnings such as an unknown key, so "no problem" means
     * exit 0 <em>and</em> empty output.
     */
    public static RawResult verify(Path... unitFiles) {
        Path script = requireScript();
        List<String> arguments = new ArrayList<>(List.of("verify"));
        for (Path unit : unitFiles) {
            arguments.add(unit.toAbsolutePath().toString());
        }
        return runScript(script, arguments.toArray(String[]::new));
    }

    /** Skips (or on CI fails) the caller unless this host can boot a sandbox; returns the script. */
    static Path requireScript() {
        Prerequisites.require(System.getProperty("os.name").startsWith("Linux"),
                "the systemd sandbox needs Linux (namespaces, overlayfs, cgroup2)");
        Optional<Path> script = SandboxScript.locate();
        Prerequisites.require(script.isPresent(), SandboxScript.RELATIVE_PATH + " was not found above "
                + SandboxScript.moduleDirectory() + " (or set -D" + SandboxScript.PROPERTY + ")");
        RawResult check = runScript(script.get(), "check");
        Prerequisites.require(check.ok(), "this host cannot boot a systemd sandbox: "
                + (check.stdoutText() + check.stderrText()).strip());
        return script.get();
    }

    private static RawResult runScript(Path script, String... arguments) {
        List<String> argv = new ArrayList<>();
        argv.add(script.toString());
        argv.addAll(List.of(arguments));
        return SandboxCommand.run(argv, NO_INPUT, SCRIPT_TIMEOUT);
    }

    /** Runs a command inside; output decoded as UTF-8. */
    public ProcessRunner.Result exec(String... argv) {
        return execRaw(NO_INPUT, argv).toResult();
    }

    /** Runs a command inside with {@code stdin} as its input; output byte for byte. */
    public RawResult execRaw(byte[] stdin, String... argv) {
        return execRaw(EXEC_TIMEOUT, stdin, argv);
    }

    public RawResult execRaw(Duration timeout, byte[] stdin, String... argv) {
        ensureOpen();
        List<String> command = new ArrayList<>(List.of(script.toString(), "exec", dir.toString()));
        command.addAll(List.of(argv));
        return SandboxCommand.run(command, stdin, timeout);
    }

    /** Like {@link #exec} but throws with the command's output when it fails. */
    public String execOk(String... argv) {
        RawResult result = execRaw(NO_INPUT, argv);
        if (!result.ok()) {
            throw new IllegalStateException(result.describe(List.of(argv)));
        }
        return result.stdoutText();
    }

    /**
     * The backends' process port, running every command inside the sandbox: hand it to a backend to drive the
     * sandbox's systemctl for real.
     */
    public ProcessRunner processRunner() {
        return (argv, timeout) -> execRaw(timeout, NO_INPUT, argv.toArray(String[]::new)).toResult();
    }

    public ProcessRunner.Result systemctl(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("systemctl", "--no-pager"));
        argv.addAll(List.of(arguments));
        return exec(argv.toArray(String[]::new));
    }

    /** What {@code systemctl is-system-running} answers, e.g. {@code running}. */
    public String systemState() {
        return systemctl("is-system-running").stdout().strip();
    }

    /** Writes a file inside the sandbox (creating its directory), byte for byte. */
    public void writeFile(String absolutePath, byte[] content) {
        RawResult result = execRaw(content, "sh", "-c", "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\"", "sh",
                absolutePath);
        if (!result.ok()) {
            throw new IllegalStateException("cannot write " + absolutePath + ": " + result.stderrText().strip());
        }
    }

    public void writeFile(String absolutePath, String content) {
        writeFile(absolutePath, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code /etc/systemd/system/FILENAME} inside and reloads systemd so that the unit is loaded. */
    public void installUnit(String fileName, String content) {
        if (fileName.contains("/")) {
            throw new IllegalArgumentException("a unit file name, not a path: " + fileName);
        }
        writeFile("/etc/systemd/system/" + fileName, content);
        execOk("systemctl", "daemon-reload");
    }

    /**
     * Starts the user manager of this uid ({@code user@UID.service}). The sandbox has no D-Bus or logind, so two
     * runtime drop-ins stand in for what logind does: create {@code /run/user/UID} (owned by the user) and tell the
     * manager where it is; {@code systemctl --user} with {@code XDG_RUNTIME_DIR=/run/user/UID} then talks to the
     * manager over its private socket.
     */
    public void startUserManager(int uid) {
        writeFile("/run/systemd/system/user-runtime-dir@" + uid + ".service.d/sandbox.conf", """
                [Service]
                ExecStart=
                ExecStart=/usr/bin/install -d -m 0700 -o %1$d -g %1$d /run/user/%1$d
                ExecStop=
                ExecStop=/bin/rm -rf /run/user/%1$d
                """.formatted(uid));
        writeFile("/run/systemd/system/user@" + uid + ".service.d/sandbox.conf",
                "[Service]\nEnvironment=XDG_RUNTIME_DIR=/run/user/" + uid + "\n");
        execOk("systemctl", "daemon-reload");
        execOk("systemctl", "start", "user@" + uid + ".service");
    }

    /** The unit's MainPID in the sandbox's PID namespace; 0 when it has no running main process. */
    public long mainPid(String unit) {
        return Long.parseLong(execOk("systemctl", "show", "--property=MainPID", "--value", unit).strip());
    }

    /** The exact command line and environment of a process of the sandbox (a PID as systemctl reports it). */
    public ProcessImage process(long pid) {
        RawResult cmdline = execRaw(NO_INPUT, "cat", "/proc/" + pid + "/cmdline");
        RawResult environ = execRaw(NO_INPUT, "cat", "/proc/" + pid + "/environ");
        if (!cmdline.ok() || !environ.ok()) {
            throw new IllegalStateException("cannot read /proc/" + pid + " inside the sandbox: "
                    + cmdline.stderrText().strip() + " " + environ.stderrText().strip());
        }
        return new ProcessImage(pid, cmdline.stdout(), environ.stdout());
    }

    /** The unit's main process, failing when the unit has none. */
    public ProcessImage mainProcess(String unit) {
        // Type=simple: systemctl start returns once systemd has forked, possibly before the child has exec'd the
        // program; until then /proc shows systemd's own image. Wait (bounded) for the exec.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long pid = mainPid(unit);
            if (pid == 0) {
                throw new IllegalStateException(unit + " has no main process; journal:\n" + journal(unit));
            }
            String exe = exec("readlink", "/proc/" + pid + "/exe").stdout().strip();
            if (!exe.isEmpty() && !exe.endsWith("/systemd")) {
                return process(pid);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(unit + ": main process " + pid + " has not exec'd within 10 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The unit's journal messages, for diagnosing a failed unit in an assertion message. */
    public String journal(String unit) {
        return exec("journalctl", "--no-pager", "--output=cat", "--unit=" + unit).stdout();
    }

    /**
     * Where a path of the sandbox's file system can be read from the host: through {@code /proc/PID/root} of the
     * sandbox's systemd (root only, valid while the sandbox runs).
     */
    public Path hostPathOf(String absolutePathInside) {
        if (!absolutePathInside.startsWith("/")) {
            throw new IllegalArgumentException("an absolute path inside the sandbox: " + absolutePathInside);
        }
        return Path.of("/proc", Long.toString(hostPid), "root", absolutePathInside.substring(1));
    }

    /** The host PID of the sandbox's systemd (PID 1 inside). */
    public long hostPid() {
        return hostPid;
    }

    /** The sandbox's state directory on the host (pid, console.log, ...). */
    public Path dir() {
        return dir;
    }

    /** The host cgroup2 directory that holds every process of the sandbox. */
    public Path hostCgroup() {
        try {
            return Path.of(Files.readString(dir.resolve("cgroup")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Powers the sandbox off and removes its cgroup; idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it stops the sandbox.
        }
        RawResult stopped = runScript(script, "stop", dir.toString());
        if (!stopped.ok()) {
            throw new IllegalStateException("the systemd sandbox did not stop: " + stopped.stderrText().strip());
        }
    }

    private void stopQuietly() {
        runScript(script, "stop", dir.toString());
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the sandbox in " + dir + " is closed");
        }
    }

    @Override
    public String toString() {
        return "systemd sandbox " + dir + " (pid " + hostPid + ")";
    }
}
