package dev.svcctl.launchd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An in-memory file system for the file port, recording each change into a shared event log. */
final class MemoryFiles implements PlistFiles {
    final Map<Path, String> files = new HashMap<>();
    final Map<Path, Integer> modes = new HashMap<>();
    final Set<Path> directories = new HashSet<>();
    final Set<Path> executables = new HashSet<>();
    final List<String> events;
    int writes;

    MemoryFiles(List<String> events) {
        this.events = events;
    }

    @Override
    public Optional<String> read(Path file) {
        return Optional.ofNullable(files.get(file));
    }

    @Override
    public void writeAtomically(Path file, byte[] content, int mode) {
        writes++;
        events.add("write " + file);
        files.put(file, new String(content, java.nio.charset.StandardCharsets.UTF_8));
        modes.put(file, mode);
    }

    @Override
    public boolean delete(Path file) {
        events.add("delete " + file);
        modes.remove(file);
        return files.remove(file) != null;
    }

    @Override
    public void copy(Path from, Path to) {
        events.add("copy " + from + " " + to);
        files.put(to, files.get(from));
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

    List<String> events() {
        return new ArrayList<>(events);
    }
}
