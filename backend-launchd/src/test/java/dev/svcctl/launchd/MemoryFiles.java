package dev.svcctl.launchd;

import dev.svcctl.install.ArtifactFiles;
import dev.svcctl.install.Existing;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory file system for both file ports, keyed by host path ({@code ~} is {@link FakeHost#ALICE}'s home),
 * recording each change into a shared event log.
 */
final class MemoryFiles implements ArtifactFiles, PlistFiles {
    final Map<Path, String> files = new HashMap<>();
    final Map<Path, Integer> modes = new HashMap<>();
    final Set<Path> directories = new HashSet<>();
    final Set<Path> executables = new HashSet<>();
    final List<String> events;
    int writes;
    /** A file whose writes fail as on a full disk (rollbacks excepted). */
    Path failingWrite;

    MemoryFiles(List<String> events) {
        this.events = events;
    }

    @Override
    public Path locate(String installPath) {
        return installPath.startsWith("~/") ? Path.of(FakeHost.ALICE.home(), installPath.substring(2))
                : Path.of(installPath);
    }

    @Override
    public String describe(String installPath) {
        return locate(installPath).toString();
    }

    @Override
    public Existing read(String installPath) {
        String text = files.get(locate(installPath));
        return text == null ? Existing.ABSENT : Existing.file(text.getBytes(StandardCharsets.UTF_8),
                modes.getOrDefault(locate(installPath), 0644), Optional.empty());
    }

    @Override
    public void write(String installPath, byte[] content, int mode, Optional<String> owner, String step)
            throws FileSystemException {
        if (locate(installPath).equals(failingWrite) && !step.equals("rollback")) {
            throw new FileSystemException(installPath, null, "No space left on device");
        }
        writes++;
        events.add("write " + locate(installPath));
        files.put(locate(installPath), new String(content, StandardCharsets.UTF_8));
        modes.put(locate(installPath), mode);
    }

    @Override
    public void delete(String installPath) {
        if (files.remove(locate(installPath)) != null) {
            events.add("delete " + locate(installPath));
        }
        modes.remove(locate(installPath));
    }

    @Override
    public AutoCloseable lock(String installPath, Duration wait) {
        return () -> { };
    }

    @Override
    public List<Path> list(Path dir, String suffix) {
        return files.keySet().stream().filter(p -> dir.equals(p.getParent()))
                .filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }

    @Override
    public void createDirectories(Path dir) {
        directories.add(dir);
    }

    @Override
    public void setOwner(Path dir, Optional<String> user, Optional<String> group) {
        events.add("chown " + user.orElse("") + ":" + group.orElse("") + " " + dir);
    }

    @Override
    public boolean isExecutable(Path file) {
        return executables.contains(file);
    }
}
