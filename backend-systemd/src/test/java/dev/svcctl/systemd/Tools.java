package dev.svcctl.systemd;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Test prerequisites: missing ones skip a test locally with the reason, and fail it in CI. */
final class Tools {
    private Tools() {
    }

    static void requireOrSkip(String command) {
        boolean found = System.getenv("PATH") != null && java.util.Arrays.stream(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
        if (!found) {
            String reason = command + " is not installed";
            if (System.getenv("CI") != null) {
                fail(reason + " (required in CI)");
            }
            Assumptions.abort(reason);
        }
    }
}
