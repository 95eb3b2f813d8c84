package dev.svcctl.systemd.sandbox;

import dev.svcctl.os.ProcessRunner;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What a command exited with and printed, byte for byte. */
public record RawResult(int exitCode, byte[] stdout, byte[] stderr) {

    public RawResult {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    public boolean ok() {
        return exitCode == 0;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** The same outcome decoded as UTF-8, in the shape of the backends' process port. */
    public ProcessRunner.Result toResult() {
        return new ProcessRunner.Result(exitCode, stdoutText(), stderrText());
    }

    String describe(List<String> argv) {
        return "'" + String.join(" ", argv) + "' exited with " + exitCode + "; stdout: " + stdoutText().strip()
                + "; stderr: " + stderrText().strip();
    }
}
