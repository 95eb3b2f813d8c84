package dev.svcctl.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.systemd.sandbox.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.TimeUnit;

/**
 * A second local user for attack tests: uid and gid 65534 ({@code nobody}, in every Debian image), reached with
 * util-linux's {@code setpriv} from a test running as root. No account is created and the host's account database is
 * not touched; the attacker's files live under target/.
 */
final class OtherUser {
    static final int UID = 65534;

    private OtherUser() {
    }

    /** Skips the test (fails it on CI) unless it runs as root with setpriv at hand. */
    static void require() {
        Prerequisites.require(Fixtures.port().userId().orElse(-1) == 0,
                "needs root, to act as a second user (uid " + UID + ") through setpriv");
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs /usr/bin/setpriv (util-linux) to act as a second user");
    }

    static UserPrincipal principal() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(Integer.toString(UID));
    }

    /** Hands {@code path} to the other user. */
    static void own(Path path) throws IOException {
        Files.setOwner(path, principal());
    }

    /** Starts {@code script} (sh) as the other user. */
    static Process start(String script) throws IOException {
        return start(UID, script);
    }

    /** Starts {@code script} (sh) as {@code uid}, which needs no account (setpriv takes the number). */
    private static Process start(int uid, String script) throws IOException {
        return new ProcessBuilder("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "/bin/sh", "-c", script).inheritIO().start();
    }

    /** Runs {@code script} (sh) as the other user; it must succeed. */
    static void run(String script) throws IOException, InterruptedException {
        runAs(UID, script);
    }

    /** Runs {@code script} (sh) as {@code uid}, a third user when the other one plays the victim; it must succeed. */
    static void runAs(int uid, String script) throws IOException, InterruptedException {
        Process p = start(uid, script);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), "as uid " + uid + ": " + script);
    }
}
