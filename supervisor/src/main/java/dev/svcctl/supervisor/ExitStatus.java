package dev.svcctl.supervisor;

import dev.svcctl.spec.Signal;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a program run ended. The JDK reports death by signal N as exit code 128+N (the shell's convention), so a
 * code above 128 that matches a known signal is also shown as that signal.
 */
public record ExitStatus(int code) {
    /** The status of a process that ended but was not the supervisor's child, so the OS told it nothing. */
    public static final ExitStatus UNKNOWN = new ExitStatus(-1);

    /** Decodes a POSIX wait status (waitpid): the exit code, or 128+N for death by signal N. */
    static ExitStatus ofWaitStatus(int status) {
        int signal = status & 0x7f;
        return signal == 0 ? new ExitStatus((status >> 8) & 0xff) : new ExitStatus(128 + signal);
    }

    public Optional<Signal> signal() {
        return Arrays.stream(Signal.values()).filter(s -> code == 128 + s.linuxNumber()).findFirst();
    }

    @Override
    public String toString() {
        if (code < 0) {
            return "an unknown exit status (not svcctl's child)";
        }
        return signal().map(s -> "exit code " + code + " (" + s.sigName() + ")").orElse("exit code " + code);
    }
}
