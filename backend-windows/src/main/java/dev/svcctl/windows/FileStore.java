package dev.svcctl.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The port through which the backend keeps its files (the stored specs); tests substitute a map. */
public interface FileStore {

    Optional<String> read(String installPath) throws IOException;

    /** Writes through a temporary file and a rename, so a reader never sees half a file. */
    void write(String installPath, String content) throws IOException;

    void delete(String installPath) throws IOException;

    /**
     * The host's files: C:\ProgramData in an install path stands for %ProgramData% (the same on every supported
     * Windows, but honoured when set differently) and ~/AppData/Local/ for %LOCALAPPDATA%, which is what the task's
     * arguments name; with a root, every path is placed under it instead.
     */
    static FileStore host(Optional<Path> root) {
        return new FileStore() {
            private Path resolve(String installPath) {
                if (root.isPresent()) {
                    return root.get().resolve(new dev.svcctl.backend.Artifact(installPath, "", 0).relativePath());
                }
                String localAppData = System.getenv("LOCALAPPDATA");
                String local = "~/AppData/Local/";
                if (installPath.startsWith(local)) {
                    Path base = localAppData != null ? Path.of(localAppData)
                            : Path.of(System.getProperty("user.home"), "AppData", "Local");
                    return base.resolve(installPath.substring(local.length()));
                }
                String programData = System.getenv("ProgramData");
                String prefix = "C:\\ProgramData";
                if (programData != null && installPath.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    return Path.of(programData + installPath.substring(prefix.length()));
                }
                return Path.of(installPath);
            }

            @Override
            public Optional<String> read(String installPath) throws IOException {
                try {
                    return Optional.of(Files.readString(resolve(installPath), StandardCharsets.UTF_8));
                } catch (NoSuchFileException e) {
                    return Optional.empty();
                }
            }

            @Override
            public void write(String installPath, String content) throws IOException {
                Path target = resolve(installPath);
                Files.createDirectories(target.getParent());
                Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
                Files.writeString(temporary, content, StandardCharsets.UTF_8);
                Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            public void delete(String installPath) throws IOException {
                Files.deleteIfExists(resolve(installPath));
            }
        };
    }
}
