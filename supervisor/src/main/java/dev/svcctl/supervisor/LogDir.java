package dev.svcctl.supervisor;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The log directory, reached and checked once, then used only through its open handle: every open, create, rename
 * and delete is relative to that handle and never follows a symbolic link, so no name planted in the directory (nor
 * a swapped ancestor) can redirect the supervisor's writes. Only files that are regular and owned by the
 * supervisor's own user are opened, compressed or deleted; anything else found under a log file's name is an error
 * (the active file) or left alone (rotated files).
 *
 * <p>The directory and every directory on the way to it must be owned by root or by the supervisor's user (the
 * service's user: svcctl run does not change accounts); world-writable ancestors only with the sticky bit (/tmp);
 * the log directory itself writable by no one else (group-writable only for group root). A symbolic link on the
 * way is followed only when it sits in a directory that passed those checks, since only a trusted user could have
 * put it there (in a directory others can add to, such as /tmp, only when a trusted user owns the link). Where the
 * OS has no such handles (Windows), names are used as paths, as the platform's ACLs decide.
 */
final class LogDir implements Closeable {
    private static final int MAX_LINKS = 40;

    private final Path path;
    private final SecureDirectoryStream<Path> handle;
    private final Optional<UserPrincipal> self;

    private LogDir(Path path, SecureDirectoryStream<Path> handle, Optional<UserPrincipal> self) {
        this.path = path;
        this.handle = handle;
        this.self = self;
    }

    /**
     * Reaches {@code dir} (creating missing directories on the way), checking who can write each step.
     *
     * @param selfUid the supervisor's user id; empty where the OS has none (the checks are then the OS's own)
     * @throws IOException with a one-line reason when a step may be written by someone else
     */
    static LogDir open(Path dir, OptionalInt selfUid) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (selfUid.isEmpty() || !hasHandles(absolute.getRoot())) {
            Files.createDirectories(absolute);
            return new LogDir(absolute, null, Optional.empty());
        }
        var lookup = absolute.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal self = lookup.lookupPrincipalByName(Integer.toString(selfUid.getAsInt()));
        Set<UserPrincipal> trusted = new HashSet<>(List.of(self, lookup.lookupPrincipalByName("0")));
        return new LogDir(absolute, walk(absolute, trusted), Optional.of(self));
    }

    private static SecureDirectoryStream<Path> walk(Path absolute, Set<UserPrincipal> trusted) throws IOException {
        Path root = absolute.getRoot();
        SecureDirectoryStream<Path> current = openRoot(root);
        Path currentPath = root;
        Deque<String> todo = new ArrayDeque<>();
        absolute.forEach(name -> todo.add(name.toString()));
        int links = 0;
        try {
            boolean shared = checkStep(currentPath, attributes(current), trusted, todo.isEmpty());
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (name.equals(".") || name.equals("..") && currentPath.equals(root)) {
                    continue;
                }
                Path step = currentPath.resolve(name);
                if (name.equals("..")) {
                    // A lexical step back: start over from the root along the parent's path.
                    List<String> parent = new ArrayList<>();
                    currentPath.getParent().forEach(p -> parent.add(p.toString()));
                    prepend(todo, parent);
                    current.close();
                    current = openRoot(root);
                    currentPath = root;
                    shared = false;
                    continue;
                }
                Optional<BasicFileAttributes> entry = entry(current, name);
                if (entry.isEmpty()) {
                    try {
                        Files.createDirectory(step);
                    } catch (FileAlreadyExistsException raced) {
                        // someone made it meanwhile: looked at like any existing entry below
                    }
                    entry = entry(current, name);
                }
                if (entry.isPresent() && entry.get().isSymbolicLink()) {
                    if (++links > MAX_LINKS) {
                        throw new IOException("too many symbolic links on the way to " + absolute);
                    }
                    // A link in a directory only trusted users can write is theirs; in a shared one (/tmp) it must be
                    // owned by one of them, as the kernel's protected_symlinks would demand.
                    UserPrincipal linkOwner = current.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS).readAttributes().owner();
                    if (shared && !trusted.contains(linkOwner)) {
                        throw new IOException(step + " is a link owned by " + linkOwner.getName() + " in a directory"
                                + " other users can write: another user could redirect the supervisor's writes;"
                                + " choose another logs.dir");
                    }
                    Path target = Files.readSymbolicLink(step);
                    List<String> names = new ArrayList<>();
                    target.forEach(p -> names.add(p.toString()));
                    prepend(todo, names);
                    if (target.isAbsolute()) {
                        current.close();
                        current = openRoot(root);
                        currentPath = root;
                        shared = false;
                    }
                    continue;
                }
                if (entry.isEmpty() || !entry.get().isDirectory()) {
                    throw new IOException(step + " is not a directory");
                }
                SecureDirectoryStream<Path> next = current.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
                current.close();
                current = next;
                currentPath = step;
                shared = checkStep(currentPath, attributes(current), trusted, todo.isEmpty());
            }
            return current;
        } catch (IOException | RuntimeException e) {
            current.close();
            throw e;
        }
    }

    private static boolean hasHandles(Path root) throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            return stream instanceof SecureDirectoryStream;
        }
    }

    private static SecureDirectoryStream<Path> openRoot(Path root) throws IOException {
        return (SecureDirectoryStream<Path>) Files.newDirectoryStream(root);
    }

    private static void prepend(Deque<String> todo, List<String> names) {
        for (int i = names.size() - 1; i >= 0; i--) {
            todo.push(names.get(i));
        }
    }

    private static PosixFileAttributes attributes(SecureDirectoryStream<Path> dir) throws IOException {
        return dir.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
    }

    private static Optional<BasicFileAttributes> entry(SecureDirectoryStream<Path> dir, String name)
            throws IOException {
        try {
            return Optional.of(dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Refuses a step someone else could change; answers whether others may still add entries to it (a sticky
     * world-writable or group-writable ancestor), whose links are then followed only when a trusted user owns them.
     */
    private static boolean checkStep(Path dir, PosixFileAttributes attrs, Set<UserPrincipal> trusted, boolean last)
            throws IOException {
        Set<PosixFilePermission> mode = attrs.permissions();
        String problem = null;
        if (!trusted.contains(attrs.owner())) {
            problem = "is owned by " + attrs.owner().getName() + ", not by root or the service's user";
        } else if (mode.contains(PosixFilePermission.OTHERS_WRITE) && (last || !sticky(dir))) {
            problem = "is writable by every user";
        } else if (last && mode.contains(PosixFilePermission.GROUP_WRITE) && !attrs.group().getName().equals("root")) {
            problem = "is writable by the group " + attrs.group().getName();
        }
        if (problem != null) {
            throw new IOException((last ? "the log directory " : "") + dir + " " + problem
                    + (last ? "" : " (on the way to the log directory)")
                    + ": another user could redirect the supervisor's writes; chown or chmod it, or choose another"
                    + " logs.dir");
        }
        return mode.contains(PosixFilePermission.OTHERS_WRITE)
                || mode.contains(PosixFilePermission.GROUP_WRITE) && !attrs.group().getName().equals("root");
    }

    private static boolean sticky(Path dir) throws IOException {
        Object mode = Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return mode instanceof Integer bits && (bits & 01000) != 0;
    }

    Path path() {
        return path;
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    /** The names in the directory. */
    List<String> names() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> listing = handle == null ? Files.newDirectoryStream(path)
                : handle.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            listing.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /** The entry's own attributes (a link is not followed); empty when there is none. */
    Optional<BasicFileAttributes> attributes(String name) throws IOException {
        if (handle == null) {
            try {
                return Optional.of(Files.readAttributes(path.resolve(name), BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        return entry(handle, name);
    }

    /** Whether {@code name} is a regular file of the supervisor's own user: one svcctl may have written. */
    boolean isOwnFile(String name) throws IOException {
        Optional<BasicFileAttributes> attrs = attributes(name);
        if (attrs.isEmpty() || !attrs.get().isRegularFile()) {
            return false;
        }
        return self.isEmpty() || self.get().equals(posix(name).owner());
    }

    private PosixFileAttributes posix(String name) throws IOException {
        return handle.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    /** The file's permission bits, to give a copy the same (never wider) access. */
    Optional<Set<PosixFilePermission>> permissions(String name) throws IOException {
        return handle == null ? Optional.empty() : Optional.of(posix(name).permissions());
    }

    /**
     * Opens {@code name} for appending, creating it when missing; refuses (one line) an entry that is not a regular
     * file of the supervisor's user, such as a planted link.
     */
    FileChannel append(String name) throws IOException {
        if (attributes(name).isPresent() && !isOwnFile(name)) {
            throw new IOException(resolve(name) + " is not a regular file svcctl created (a link, or another user's);"
                    + " remove it");
        }
        return open(name, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    }

    /** Opens an existing file of the supervisor's user for reading. */
    FileChannel read(String name) throws IOException {
        if (!isOwnFile(name)) {
            throw new IOException(resolve(name) + " is not a regular file svcctl created");
        }
        return open(name, Set.of(StandardOpenOption.READ));
    }

    /** Creates {@code name}, which must not exist (not even as a link), with at most the given permissions. */
    FileChannel create(String name, Optional<Set<PosixFilePermission>> permissions) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (handle == null) {
            return FileChannel.open(path.resolve(name), options);
        }
        Set<OpenOption> noFollow = new HashSet<>(options);
        noFollow.add(LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> mode = permissions.orElse(PosixFilePermissions.fromString("rw-------"));
        FileChannel created = (FileChannel) handle.newByteChannel(Path.of(name), noFollow,
                PosixFilePermissions.asFileAttribute(mode));
        // The umask may have narrowed the mode; the copy gets exactly the original's (never wider: it was ours).
        handle.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(mode);
        return created;
    }

    private FileChannel open(String name, Set<OpenOption> options) throws IOException {
        if (handle == null) {
            return FileChannel.open(path.resolve(name), options);
        }
        Set<OpenOption> noFollow = new HashSet<>(options);
        noFollow.add(LinkOption.NOFOLLOW_LINKS);
        return (FileChannel) handle.newByteChannel(Path.of(name), noFollow);
    }

    /** Renames {@code from} to {@code to} within the directory, replacing {@code to}'s entry (never its target). */
    void rename(String from, String to) throws IOException {
        if (handle == null) {
            Files.move(path.resolve(from), path.resolve(to), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } else {
            handle.move(Path.of(from), handle, Path.of(to));
        }
    }

    /** Removes the entry {@code name} (a link itself, never its target); no error when there is none. */
    void delete(String name) throws IOException {
        try {
            if (handle == null) {
                Files.delete(path.resolve(name));
            } else {
                handle.deleteFile(Path.of(name));
            }
        } catch (NoSuchFileException gone) {
            // already gone: what was asked
        }
    }

    @Override
    public void close() throws IOException {
        if (handle != null) {
            handle.close();
        }
    }
}
