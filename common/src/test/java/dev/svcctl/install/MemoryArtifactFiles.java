package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Artifact files in a map keyed by install path, for backends whose tests run without a file system. */
public final class MemoryArtifactFiles implements ArtifactFiles {
    private final Map<String, Existing> files = new LinkedHashMap<>();
    private final Map<String, Semaphore> locks = new ConcurrentHashMap<>();

    /** The file's text, if there is a file at the path. */
    public synchronized Optional<String> text(String installPath) {
        Existing existing = files.get(installPath);
        return existing == null ? Optional.empty() : Optional.of(existing.text());
    }

    /** Puts a file there as someone other than svcctl would (a hand edit, a file svcctl did not write). */
    public synchronized void put(String installPath, String text) {
        files.put(installPath, Existing.file(text.getBytes(StandardCharsets.UTF_8), Artifact.MODE_FILE,
                Optional.of(Instant.now())));
    }

    public synchronized Map<String, String> texts() {
        Map<String, String> texts = new LinkedHashMap<>();
        files.forEach((path, existing) -> texts.put(path, existing.text()));
        return texts;
    }

    @Override
    public synchronized Existing read(String installPath) {
        return files.getOrDefault(installPath, Existing.ABSENT);
    }

    @Override
    public synchronized void write(String installPath, byte[] content, int mode, Optional<String> owner,
                                   String step) {
        files.put(installPath, Existing.file(content.clone(), mode, Optional.of(Instant.now()), owner));
    }

    @Override
    public synchronized void delete(String installPath) {
        files.remove(installPath);
    }

    @Override
    public String describe(String installPath) {
        return installPath;
    }

    @Override
    public AutoCloseable lock(String installPath, Duration wait) throws LockTimeoutException {
        Semaphore lock = locks.computeIfAbsent(installPath, p -> new Semaphore(1));
        try {
            if (!lock.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LockTimeoutException("another install has held " + installPath + " for "
                        + wait.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockTimeoutException("interrupted while waiting for " + installPath);
        }
        return lock::release;
    }

    @Override
    public Path locate(String installPath) {
        return Path.of("/memory").resolve(new Artifact(installPath, "", 0).relativePath());
    }
}
