package dev.svcctl.logs;

import dev.svcctl.backend.BackendException;
import dev.svcctl.backend.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@code svcctl logs} for a stream the svcctl supervisor (or the init system) writes to files: the one reader every
 * backend uses. It prints the last lines across the active and rotated files ({@code .log.gz} included) and, when
 * following, keeps printing new lines across rotations, polling every {@link #POLL}, until the calling thread is
 * interrupted (what the CLI does on Ctrl-C); then it returns normally.
 *
 * <p>It reads only a directory that no one but root and the service's user can change, and in it only regular
 * files of theirs, never following a link: svcctl often runs as root in directories others may own. Refusals are
 * one-line {@link BackendException}s.
 */
public final class ServiceLogs {
    /** How often a followed file is looked at for new bytes and rotations. */
    public static final Duration POLL = Duration.ofMillis(200);

    private ServiceLogs() {
    }

    /**
     * Prints the last {@code lines} lines of the stream whose files are {@code dir/BASE.log} and its rotated files,
     * then with {@code follow} what is written next, until the thread is interrupted. Files of root and of the user
     * running this are read; see {@link #show(Path, String, Optional, int, boolean, OutputStream)} to also trust the
     * service's user.
     */
    public static void show(Path dir, String base, int lines, boolean follow, OutputStream out)
            throws BackendException {
        show(dir, base, Optional.empty(), lines, follow, out);
    }

    /**
     * As {@link #show(Path, String, int, boolean, OutputStream)}, also reading files of {@code serviceUser} (the
     * spec's {@code user}, which the supervisor writes as).
     */
    public static void show(Path dir, String base, Optional<String> serviceUser, int lines, boolean follow,
                            OutputStream out) throws BackendException {
        show(dir, base, serviceUser, lines, follow, out, POLL);
    }

    static void show(Path dir, String base, Optional<String> serviceUser, int lines, boolean follow, OutputStream out,
                     Duration poll) throws BackendException {
        if (lines < 0) {
            throw new BackendException(ExitCode.USAGE, "the number of lines must not be negative", null);
        }
        try (TrustedLogDir opened = TrustedLogDir.open(dir, trusted(dir.getFileSystem(), serviceUser))) {
            new RotatedLogReader(opened, new LogFileNames(base), poll).show(lines, follow, out);
        } catch (NoSuchFileException e) {
            throw new BackendException(ExitCode.FAILED, "no log files in " + dir + ": " + (e.getFile() == null
                    || e.getFile().equals(dir.toString()) ? "the directory does not exist" : "no " + e.getFile()),
                    "the service writes them there once it has run");
        } catch (TrustedLogDir.Refused e) {
            throw new BackendException(ExitCode.FAILED, e.getMessage(),
                    "remove it, or make it root's or the service user's (chown), writable by no one else");
        } catch (IOException e) {
            throw new BackendException(ExitCode.FAILED, "cannot read the log files in " + dir + ": " + e, null, e);
        }
    }

    /** Root, the user running this, and the service's user; none where the file system has no owners. */
    private static Set<UserPrincipal> trusted(FileSystem fs, Optional<String> serviceUser) throws IOException {
        if (!fs.supportedFileAttributeViews().contains("posix")) {
            return Set.of();
        }
        UserPrincipalLookupService lookup = fs.getUserPrincipalLookupService();
        Set<UserPrincipal> trusted = new HashSet<>();
        trusted.add(lookup.lookupPrincipalByName("0"));
        Path self = fs.getPath("/proc/self");
        if (Files.exists(self)) {
            trusted.add(Files.getOwner(self));
        } else {
            trusted.add(lookup.lookupPrincipalByName(System.getProperty("user.name")));
        }
        if (serviceUser.isPresent()) {
            try {
                trusted.add(lookup.lookupPrincipalByName(serviceUser.get()));
            } catch (UserPrincipalNotFoundException noSuchUser) {
                // no file can be that user's
            }
        }
        return trusted;
    }
}
