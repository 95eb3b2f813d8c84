package dev.svcctl.supervisor;

import dev.svcctl.spec.RotateSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Compresses rotated files and applies {@code keep} and {@code maxTotal}, on one background thread so a writer is
 * never held up by gzip. {@code keep} counts rotated files. {@code maxTotal} caps the stream's disk use: the oldest
 * rotated files are deleted until they plus the active file at its largest (the rotation {@code size}, or its
 * current size when there is none) fit; the active file itself is never deleted.
 */
final class LogHousekeeper implements AutoCloseable {
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "svcctl-log-housekeeping");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<String> problems;

    LogHousekeeper(Consumer<String> problems) {
        this.problems = problems;
    }

    void rotated(RotatedFiles files, Path rotatedFile, RotateSpec rotate) {
        worker.execute(() -> {
            try {
                if (rotate.compress() && !RotatedFiles.compressed(rotatedFile)) {
                    compress(rotatedFile);
                }
                applyRetention(files, rotate);
            } catch (IOException e) {
                problems.accept("log housekeeping in " + files.dir() + " failed: " + e.getMessage());
            }
        });
    }

    /** At start: finishes what an earlier supervisor left undone (interrupted compressions, retention). */
    void resume(RotatedFiles files, RotateSpec rotate) {
        worker.execute(() -> {
            try {
                for (Path leftover : files.leftovers()) {
                    Files.deleteIfExists(leftover);
                }
                if (rotate.compress()) {
                    for (Path file : files.list()) {
                        if (!RotatedFiles.compressed(file)) {
                            compress(file);
                        }
                    }
                }
                applyRetention(files, rotate);
            } catch (IOException e) {
                problems.accept("log housekeeping in " + files.dir() + " failed: " + e.getMessage());
            }
        });
    }

    static void compress(Path file) throws IOException {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        Path tmp = file.resolveSibling(file.getFileName() + ".gz.tmp");
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            in.transferTo(out);
        } catch (NoSuchFileException gone) {
            Files.deleteIfExists(tmp);
            return;
        }
        Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(file);
    }

    static void applyRetention(RotatedFiles files, RotateSpec rotate) throws IOException {
        List<Path> rotated = new ArrayList<>(files.list());
        while (rotated.size() > rotate.keep()) {
            Files.deleteIfExists(rotated.remove(0));
        }
        if (rotate.maxTotal().isPresent()) {
            long active = sizeOf(files.active());
            long total = rotate.size().isPresent() ? Math.max(active, rotate.size().getAsLong()) : active;
            for (Path p : rotated) {
                total += sizeOf(p);
            }
            while (total > rotate.maxTotal().getAsLong() && !rotated.isEmpty()) {
                Path oldest = rotated.remove(0);
                total -= sizeOf(oldest);
                Files.deleteIfExists(oldest);
            }
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Waits for pending compressions and retention to finish. */
    @Override
    public void close() throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.MINUTES);
    }
}
