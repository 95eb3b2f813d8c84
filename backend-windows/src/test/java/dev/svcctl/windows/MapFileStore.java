package dev.svcctl.windows;

import java.util.Map;
import java.util.Optional;

/** The backend's files in a map the test can read and change, keyed by install path. */
record MapFileStore(Map<String, String> files) implements FileStore {

    @Override
    public Optional<String> read(String installPath) {
        return Optional.ofNullable(files.get(installPath));
    }

    @Override
    public void write(String installPath, String content) {
        files.put(installPath, content);
    }

    @Override
    public void delete(String installPath) {
        files.remove(installPath);
    }
}
