package dev.svcctl.launchd;

import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.Existing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** File ports that fail the test when used: for code that must be pure. */
final class UntouchableFiles implements ArtifactFiles, PlistFiles {
    private static AssertionError touched(Object what) {
        return new AssertionError("the file system was touched: " + what);
    }

    @Override
    public Existing read(String installPath) {
        throw touched(installPath);
    }

    @Override
    public void write(String installPath, byte[] content, int mode, java.util.Optional<String> owner,
                      String step) {
        throw touched(installPath);
    }

    @Override
    public void delete(String installPath) {
        throw touched(installPath);
    }

    @Override
    public String describe(String installPath) {
        throw touched(installPath);
    }

    @Override
    public AutoCloseable lock(String installPath, Duration wait) {
        throw touched(installPath);
    }

    @Override
    public Path locate(String installPath) {
        throw touched(installPath);
    }

    @Override
    public List<Path> list(Path dir, String suffix) {
        throw touched(dir);
    }

    @Override
    public void createDirectories(Path dir) {
        throw touched(dir);
    }

    @Override
    public void setOwner(Path dir, Optional<String> user, Optional<String> group) {
        throw touched(dir);
    }

    @Override
    public boolean isExecutable(Path file) {
        throw touched(file);
    }
}
