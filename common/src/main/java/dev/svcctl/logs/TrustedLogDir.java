package dev.svcctl.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A log directory opened for reading: checked once through its open handle (owned by a trusted user, writable by no
 * one else), then every entry is looked at and opened relative to that handle without following a link. So only a
 * trusted user can add, swap or rename what is read, and a name is opened only when it is a regular file of a
 * trusted user: a link planted as a log file, a FIFO or another user's file is refused. Where the JDK has no
 * directory handles the same checks are made by path; where the file system has no POSIX owners (Windows) names are
 * used as paths, links still not followed, and the platform's ACLs decide.
 */
final class TrustedLogDir implements Closeable {
    private final Path path;
    private final SecureDirectoryStream<Path> handle;
    private final Set<UserPrincipal> trusted;

    /** An entry's own attributes (a link is not followed). */
    record Entry(String name, boolean regular, boolean link, Object identity, long size) {
    }

    /** A refusal: the one-line reason. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private TrustedLogDir(Path path, SecureDirectoryStream<Path> handle, Set<UserPrincipal> trusted) {
        this.path = path;
        this.handle = handle;
        this.trusted = trusted;
    }

    /**
     * Opens {@code dir}.
     *
     * @param trusted the users whose files may be read (root and the service's user); empty where the OS has no
     *     owners to check
     * @throws NoSuchFileException when there is no such directory
     * @throws Refused when someone other than a trusted user could change what is in it
     */
    static TrustedLogDir open(Path dir, Set<UserPrincipal> trusted) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        SecureDirectoryStream<Path> secure = stream instanceof SecureDirectoryStream<Path> s ? s : null;
        if (secure == null) {
            stream.close();
        }
        if (trusted.isEmpty()) {
            if (secure != null) {
                secure.close();
            }
            return new TrustedLogDir(dir, null, Set.of());
        }
        try {
            // Through the handle where there is one (the directory opened is the one checked), else by its path.
            PosixFileAttributes attrs = secure != null
                    ? secure.getFileAttributeView(PosixFileAttributeView.class).readAttributes()
                    : Files.readAttributes(dir, PosixFileAttributes.class);
            Set<PosixFilePermission> mode = attrs.permissions();
            String problem = !trusted.contains(attrs.owner())
                    ? "is owned by " + attrs.owner().getName() + ", not by root or the service's user"
                    : mode.contains(PosixFilePermission.OTHERS_WRITE) ? "is writable by every user"
                    : mode.contains(PosixFilePermission.GROUP_WRITE) && !attrs.group().getName().equals("root")
                    ? "is writable by the group " + attrs.group().getName() : null;
            if (problem != null) {
                throw new Refused("the log directory " + dir + " " + problem
                        + ": another user could put any file under a log file's name; not reading it");
            }
        } catch (IOException | RuntimeException e) {
            if (secure != null) {
                secure.close();
            }
            throw e;
        }
        return new TrustedLogDir(dir, secure, trusted);
    }

    Path path() {
        return path;
    }

    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> listing = handle == null ? Files.newDirectoryStream(path)
                : handle.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            listing.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /** The entry's own attributes; empty when there is none. */
    Optional<Entry> entry(String name) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = handle == null
                    ? Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : handle.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        // Where the OS has no file keys (Windows), the creation time stands in (see docs/cli.md on its limits).
        Object identity = attrs.fileKey() != null ? attrs.fileKey() : attrs.creationTime();
        return Optional.of(new Entry(name, attrs.isRegularFile(), attrs.isSymbolicLink(), identity, attrs.size()));
    }

    /**
     * Opens a log file for reading: a regular file of a trusted user, reached without following a link.
     *
     * @throws NoSuchFileException when it is not there (any more)
     * @throws Refused when it is something else
     */
    SeekableByteChannel open(String name) throws IOException {
        Entry entry = entry(name).orElseThrow(() -> new NoSuchFileException(path.resolve(name).toString()));
        if (entry.link()) {
            throw new Refused(path.resolve(name) + " is a symbolic link, not a log file svcctl wrote; not following it");
        }
        if (!entry.regular()) {
            throw new Refused(path.resolve(name) + " is not a regular file; not reading it");
        }
        if (handle == null && trusted.isEmpty()) {
            return Files.newByteChannel(path.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        UserPrincipal owner = handle != null
                ? handle.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes().owner()
                : Files.readAttributes(path.resolve(name), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .owner();
        if (!trusted.contains(owner)) {
            throw new Refused(path.resolve(name) + " is owned by " + owner.getName()
                    + ", not by root or the service's user; not reading it");
        }
        if (handle == null) {
            // No directory handles (a POSIX system whose JDK has none): the same checks by path, links not followed.
            return Files.newByteChannel(path.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        // Only trusted users can change the directory (checked at open), so the entry checked is the one opened.
        return handle.newByteChannel(Path.of(name), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public void close() throws IOException {
        if (handle != null) {
            handle.close();
        }
    }
}
