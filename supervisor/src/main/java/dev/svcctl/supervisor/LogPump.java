package dev.svcctl.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Copies one output stream of the program into its log file as the bytes arrive. When the file cannot be written
 * (disk full) it keeps reading, so the program is never blocked on a full pipe, and reports the problem once.
 */
final class LogPump extends Thread {
    private static final int BUFFER = 1 << 16;
    private final InputStream in;
    private final RotatingLog log;
    private final Consumer<String> problems;

    LogPump(String name, InputStream in, RotatingLog log, Consumer<String> problems) {
        super(name);
        setDaemon(true);
        this.in = in;
        this.log = log;
        this.problems = problems;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[BUFFER];
        boolean failed = false;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                try {
                    log.write(buffer, 0, n);
                    failed = false;
                } catch (IOException e) {
                    if (!failed) {
                        problems.accept("cannot write " + log.activeFile() + ": " + e.getMessage());
                    }
                    failed = true;
                }
            }
        } catch (IOException e) {
            problems.accept("reading the program's output failed: " + e.getMessage());
        }
    }
}
