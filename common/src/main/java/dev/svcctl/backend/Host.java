package dev.svcctl.backend;

import java.nio.file.Files;
import java.nio.file.Path;

/** What backend detection may ask of the host; a port so tests can describe any host. */
public interface Host {
    String osName();

    boolean exists(String path);

    Host CURRENT = new Host() {
        @Override
        public String osName() {
            return System.getProperty("os.name", "");
        }

        @Override
        public boolean exists(String path) {
            return Files.exists(Path.of(path));
        }
    };
}
