package dev.svcctl.launchd;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import dev.svcctl.os.ProcessRunner;
import dev.svcctl.spec.Signal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * launchctl through the {@link ProcessRunner} port, with the modern verbs only: bootstrap, bootout, enable, disable,
 * kickstart, kill and print. Never the deprecated load/unload.
 */
final class Launchctl {
    /** launchctl's exit status when the service or domain is not there ("Could not find service ..."). */
    static final int NOT_FOUND = 113;
    private static final Duration QUICK = Duration.ofSeconds(30);

    private final ProcessRunner runner;
    private final String command;

    Launchctl(ProcessRunner runner, String command) {
        this.runner = runner;
        this.command = command;
    }

    /** {@code launchctl print TARGET}: the output when the domain or service is there, else empty. */
    Optional<String> print(String target) throws BackendException {
        ProcessRunner.Result result = run(QUICK, "print", target);
        if (result.ok()) {
            return Optional.of(result.stdout());
        }
        if (result.exitCode() == NOT_FOUND || (result.stdout() + result.stderr()).contains("Could not find")) {
            return Optional.empty();
        }
        throw failure(result, "print " + target, null);
    }

    void bootstrap(String domain, String plistPath) throws BackendException {
        check(run(QUICK, "bootstrap", domain, plistPath), "bootstrap " + domain + " " + plistPath,
                "launchd refuses to load a disabled or already loaded service, or a plist it cannot read;"
                        + " 'launchctl print " + domain + "' lists the disabled services");
    }

    /** Unloads the service, waiting for it to exit; {@code stopTimeout} bounds the wait. */
    void bootout(String target, Duration stopTimeout) throws BackendException {
        ProcessRunner.Result result = run(stopTimeout.plus(QUICK), "bootout", target);
        if (!result.ok() && result.exitCode() != NOT_FOUND && !result.stderr().contains("No such process")) {
            throw failure(result, "bootout " + target, null);
        }
    }

    void enable(String target) throws BackendException {
        check(run(QUICK, "enable", target), "enable " + target, null);
    }

    void disable(String target) throws BackendException {
        check(run(QUICK, "disable", target), "disable " + target, null);
    }

    void kickstart(String target, boolean killFirst, Duration stopTimeout) throws BackendException {
        ProcessRunner.Result result = killFirst
                ? run(stopTimeout.plus(QUICK), "kickstart", "-k", target)
                : run(QUICK, "kickstart", target);
        check(result, "kickstart " + (killFirst ? "-k " : "") + target, null);
    }

    void kill(Signal signal, String target) throws BackendException {
        check(run(QUICK, "kill", signal.sigName(), target), "kill " + signal.sigName() + " " + target, null);
    }

    private ProcessRunner.Result run(Duration timeout, String... args) throws BackendException {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(List.of(args));
        try {
            return runner.run(argv, timeout);
        } catch (ProcessRunner.TimedOutException e) {
            throw new BackendException(ExitCode.FAILED, e.getMessage(),
                    "launchd may still be stopping the service: 'launchctl print' of its domain shows its state", e);
        } catch (IOException e) {
            throw new BackendException(ExitCode.UNAVAILABLE, "launchctl cannot be run on this host (" + e.getMessage() + ")",
                    "launchctl exists only on macOS; 'svcctl render --backend launchd' and 'install --root DIR'"
                            + " work anywhere", e);
        }
    }

    private static void check(ProcessRunner.Result result, String what, String hint) throws BackendException {
        if (!result.ok()) {
            throw failure(result, what, hint);
        }
    }

    private static BackendException failure(ProcessRunner.Result result, String what, String hint) {
        String said = firstLine(result.stderr().isBlank() ? result.stdout() : result.stderr());
        String message = "launchctl " + what + " failed (exit " + result.exitCode() + ")"
                + (said.isEmpty() ? "" : ": " + said);
        if (said.contains("Operation not permitted") || said.contains("Permission denied")) {
            return new BackendException(ExitCode.PERMISSION_DENIED, message,
                    "the system domain needs root: use sudo, or --user for a LaunchAgent");
        }
        return new BackendException(ExitCode.FAILED, message, hint);
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline).strip();
    }
}
