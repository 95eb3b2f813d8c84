package dev.svcctl.launchd;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A file-system port that fails the test when used: for code that must be pure. */
final class UntouchableFiles implements PlistFiles {
    private static AssertionError touched(Object what) {
        return new AssertionError("the file system was touched: " + what);
    }

    @Override
    public Optional<String> read(Path file) {
        throw touched(file);
    }

    @Override
    public void writeAtomically(Path file, byte[] content, int mode) {
        throw touched(file);
    }

    @Override
    public boolean delete(Path file) {
        throw touched(file);
    }

    @Override
    public void copy(Path from, Path to) {
        throw touched(from);
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
