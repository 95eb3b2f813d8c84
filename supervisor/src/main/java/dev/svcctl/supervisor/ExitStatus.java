package dev.svcctl.supervisor;

import dev.svcctl.spec.Signal;
import java.util.Arrays;
import java.util.Optional;

/**
 * How a program run ended. The JDK reports death by signal N as exit code 128+N (the shell's convention), so a
 * code above 128 that matches a known signal is also shown as that signal.
 */
public record ExitStatus(int code) {

    public Optional<Signal> signal() {
        return Arrays.stream(Signal.values()).filter(s -> code == 128 + s.linuxNumber()).findFirst();
    }

    @Override
    public String toString() {
        return signal().map(s -> "exit code " + code + " (" + s.sigName() + ")").orElse("exit code " + code);
    }
}
