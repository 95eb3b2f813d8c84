package dev.svcctl.launchd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The narrow file-system port the launchd backend acts through; tests substitute a directory sandbox or a fake. */
interface PlistFiles {

    /** The file's text, or empty when there is no such file. */
    Optional<String> read(Path file) throws IOException;

    /**
     * Replaces the file in one step: a temp file in the same directory, written and fsynced, given {@code mode}, then
     * renamed over the target. Refuses to write through a symbolic link.
     */
    void writeAtomically(Path file, byte[] content, int mode) throws IOException;

    /** Removes the file; false when there was none. */
    boolean delete(Path file) throws IOException;

    /** Copies the file byte for byte (backups of taken-over plists). */
    void copy(Path from, Path to) throws IOException;

    /** The regular files in {@code dir} whose names end with {@code suffix}, sorted; empty when there is no dir. */
    List<Path> list(Path dir, String suffix) throws IOException;

    void createDirectories(Path dir) throws IOException;

    /** Gives the directory to the account a daemon runs as, so that it can write its logs there. */
    void setOwner(Path dir, Optional<String> user, Optional<String> group) throws IOException;

    boolean isExecutable(Path file);
}
