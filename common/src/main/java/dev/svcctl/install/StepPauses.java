package dev.svcctl.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test hook: the install engine and the activators call {@link #at} between their steps. The default does
 * nothing; the crash-safety tests set {@value #ENV} to a directory, and svcctl then announces each step by creating
 * {@code DIR/NNN-step} and waits until the test deletes that file, so a test can kill svcctl at every step.
 */
public interface StepPauses {
    String ENV = "SVCCTL_TEST_PAUSE_DIR";

    void at(String step);

    StepPauses NONE = new StepPauses() {
        @Override
        public void at(String step) {
        }
    };

    static StepPauses fromEnvironment() {
        String dir = System.getenv(ENV);
        return dir == null || dir.isEmpty() ? NONE : new FilePauses(Path.of(dir));
    }

    /** Announces each pause as a file and waits for its removal. */
    final class FilePauses implements StepPauses {
        private final Path dir;
        private int count;

        public FilePauses(Path dir) {
            this.dir = dir;
        }

        @Override
        public void at(String step) {
            Path marker = dir.resolve(String.format("%03d-%s", ++count, step));
            try {
                Files.createDirectories(dir);
                Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
                while (Files.exists(marker)) {
                    Thread.sleep(10);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
