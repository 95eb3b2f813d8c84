package dev.svcctl.supervisor;

import java.io.IOException;
import java.util.Map;

/** For the cli's tests: the variables an environment file assigns, by svcctl's systemd-exact parser. */
public final class EnvFileReader {
    private EnvFileReader() {
    }

    public static Map<String, String> parse(byte[] bytes, String fileName) throws IOException {
        return EnvFile.parse(bytes, fileName).variables();
    }
}
