package dev.svcctl.systemd.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a running process received, as the kernel shows it: the exact bytes of {@code /proc/PID/cmdline} and
 * {@code /proc/PID/environ}, and the same split on NUL and decoded as UTF-8.
 */
public final class ProcessImage {

    private final long pid;
    private final byte[] commandLine;
    private final byte[] environment;

    public ProcessImage(long pid, byte[] commandLine, byte[] environment) {
        this.pid = pid;
        this.commandLine = commandLine.clone();
        this.environment = environment.clone();
    }

    /** The PID inside the sandbox's PID namespace. */
    public long pid() {
        return pid;
    }

    public byte[] rawCommandLine() {
        return commandLine.clone();
    }

    public byte[] rawEnvironment() {
        return environment.clone();
    }

    /** argv[0], argv[1], ... */
    public List<String> arguments() {
        return splitOnNul(commandLine);
    }

    /** NAME=VALUE entries in the order the process received them. */
    public List<String> environment() {
        return splitOnNul(environment);
    }

    /**
     * The environment as a map from name to value, in the order received.
     *
     * @throws IllegalStateException if a name occurs twice (systemd never passes one twice, so that is a finding)
     */
    public Map<String, String> environmentMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : environment()) {
            int equals = entry.indexOf('=');
            String name = equals < 0 ? entry : entry.substring(0, equals);
            String value = equals < 0 ? "" : entry.substring(equals + 1);
            if (map.put(name, value) != null) {
                throw new IllegalStateException("pid " + pid + " received " + name + " twice: " + environment());
            }
        }
        return map;
    }

    /** The bytes the kernel shows for this list of strings: each one UTF-8 encoded and terminated by NUL. */
    public static byte[] nulTerminated(List<String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String entry : entries) {
            bytes.writeBytes(entry.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        return bytes.toByteArray();
    }

    /** Every NUL ends an entry; bytes after the last NUL (a process may rewrite its argv) form one more. */
    static List<String> splitOnNul(byte[] bytes) {
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                entries.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            entries.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
        }
        return List.copyOf(entries);
    }

    @Override
    public String toString() {
        return "pid " + pid + " argv " + arguments() + " environ " + environment();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ProcessImage that && pid == that.pid && Arrays.equals(commandLine, that.commandLine)
                && Arrays.equals(environment, that.environment);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 31 + Arrays.hashCode(commandLine);
    }
}
