package dev.svcctl.launchd;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What launchd needs from the file system beyond the install engine's port, which reads and writes the plists and
 * spec copies: finding plists by listing, the log directory, and programs on PATH.
 */
interface PlistFiles {

    /** The regular files in {@code dir} whose names end with {@code suffix}, sorted; empty when there is no dir. */
    List<Path> list(Path dir, String suffix) throws IOException;

    void createDirectories(Path dir) throws IOException;

    /** Gives the directory to the account a daemon runs as, so that it can write its logs there. */
    void setOwner(Path dir, Optional<String> user, Optional<String> group) throws IOException;

    boolean isExecutable(Path file);
}
