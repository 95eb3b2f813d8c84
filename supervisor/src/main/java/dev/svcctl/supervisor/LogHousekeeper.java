package dev.svcctl.supervisor;

import dev.svcctl.spec.RotateSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
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

    void rotated(RotatedFiles files, String rotatedFile, RotateSpec rotate) {
        worker.execute(() -> {
            try {
                if (rotate.compress() && !RotatedFiles.compressed(rotatedFile)) {
                    compress(files.dir(), rotatedFile);
                }
                applyRetention(files, rotate);
            } catch (IOException e) {
                problems.accept("log housekeeping in " + files.dir().path() + " failed: " + e.getMessage());
            }
        });
    }

    /** At start: finishes what an earlier supervisor left undone (interrupted compressions, retention). */
    void resume(RotatedFiles files, RotateSpec rotate) {
        worker.execute(() -> {
            try {
                for (String leftover : files.leftovers()) {
                    if (files.dir().isOwnFile(leftover)) {
                        files.dir().delete(leftover);
                    }
                }
                if (rotate.compress()) {
                    for (String file : files.list()) {
                        if (!RotatedFiles.compressed(file)) {
                            compress(files.dir(), file);
                        }
                    }
                }
                applyRetention(files, rotate);
            } catch (IOException e) {
                problems.accept("log housekeeping in " + files.dir().path() + " failed: " + e.getMessage());
            }
        });
    }

    /**
     * Replaces {@code file} by {@code file.gz}, with the same permissions. A file svcctl did not write (a link, a
     * FIFO, another user's file) is left alone: compressing it would hand its content to whoever planted the name.
     */
    static void compress(LogDir dir, String file) throws IOException {
        if (!dir.isOwnFile(file)) {
            return;
        }
        String gz = file + ".gz";
        String tmp = file + ".gz.tmp";
        dir.delete(tmp);
        try (FileChannel in = dir.read(file);
             OutputStream out = new GZIPOutputStream(Channels.newOutputStream(dir.create(tmp,
                     dir.permissions(file))), 1 << 16)) {
            Channels.newInputStream(in).transferTo(out);
        } catch (NoSuchFileException gone) {
            dir.delete(tmp);
            return;
        }
        dir.rename(tmp, gz);
        dir.delete(file);
    }

    /** Deletes the oldest rotated files beyond {@code keep} and {@code maxTotal}; only files svcctl wrote count. */
    static void applyRetention(RotatedFiles files, RotateSpec rotate) throws IOException {
        LogDir dir = files.dir();
        List<String> rotated = new ArrayList<>();
        for (String name : files.list()) {
            if (dir.isOwnFile(name)) {
                rotated.add(name);
            }
        }
        while (rotated.size() > rotate.keep()) {
            dir.delete(rotated.remove(0));
        }
        if (rotate.maxTotal().isPresent()) {
            long active = sizeOf(dir, files.active());
            long total = rotate.size().isPresent() ? Math.max(active, rotate.size().getAsLong()) : active;
            for (String name : rotated) {
                total += sizeOf(dir, name);
            }
            while (total > rotate.maxTotal().getAsLong() && !rotated.isEmpty()) {
                String oldest = rotated.remove(0);
                total -= sizeOf(dir, oldest);
                dir.delete(oldest);
            }
        }
    }

    private static long sizeOf(LogDir dir, String name) {
        try {
            return dir.attributes(name).map(BasicFileAttributes::size).orElse(0L);
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
