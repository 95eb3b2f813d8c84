package dev.svcctl.install;

import dev.svcctl.backend.Artifact;
import dev.svcctl.os.FileRoot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Artifacts on a real file system: on the host (install paths are where they say, or where a platform mapping puts
 * them), or confined to a directory ({@code --root DIR}), where every symbolic link on the way is resolved inside
 * DIR as {@code systemctl --root} does, so nothing is ever read or written outside it.
 */
public final class LocalArtifactFiles implements ArtifactFiles {
    static final String TEMP_INFIX = ".svcctl-tmp-";
    private static final int MAX_LINK_HOPS = 40;

    private final Function<String, Path> hostMapping;
    private final Optional<Path> confinedTo;
    private final StepPauses pauses;

    private LocalArtifactFiles(Function<String, Path> hostMapping, Optional<Path> confinedTo, StepPauses pauses) {
        this.hostMapping = hostMapping;
        this.confinedTo = confinedTo;
        this.pauses = pauses;
    }

    /** The host's files as {@code files} places them ({@code /} and the user's home, or a test's directories). */
    public static LocalArtifactFiles host(FileRoot files, StepPauses pauses) {
        return new LocalArtifactFiles(files::resolve, Optional.empty(), pauses);
    }

    /** Install paths placed by a platform's own rules (Windows: %ProgramData%, %LOCALAPPDATA%). */
    public static LocalArtifactFiles mapped(Function<String, Path> mapping, StepPauses pauses) {
        return new LocalArtifactFiles(mapping, Optional.empty(), pauses);
    }

    /** Everything under {@code dir}, which stands for {@code /} and for the home; links cannot lead out of it. */
    public static LocalArtifactFiles under(Path dir, StepPauses pauses) {
        Path root = dir.toAbsolutePath().normalize();
        return new LocalArtifactFiles(null, Optional.of(root), pauses);
    }

    @Override
    public Path locate(String installPath) throws IOException {
        if (confinedTo.isEmpty()) {
            return hostMapping.apply(installPath);
        }
        return confine(confinedTo.get(), new Artifact(installPath, "", 0).relativePath());
    }

    /**
     * Resolves {@code relative} below {@code root}, following every link on the way as if root were {@code /}: an
     * absolute target starts again at root, {@code ..} stops at root. The last name is not followed: a link there is
     * what {@link #read} reports and {@link #write} refuses.
     */
    static Path confine(Path root, String relative) throws IOException {
        Deque<String> todo = new ArrayDeque<>();
        pushAll(todo, relative);
        Path current = root;
        int hops = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!current.equals(root)) {
                    current = current.getParent();
                }
                continue;
            }
            Path next = current.resolve(name);
            if (!todo.isEmpty() && Files.isSymbolicLink(next)) {
                if (++hops > MAX_LINK_HOPS) {
                    throw new FileSystemException(next.toString(), null, "too many levels of symbolic links");
                }
                String target = Files.readSymbolicLink(next).toString();
                pushAll(todo, target);
                if (target.startsWith("/")) {
                    current = root;
                }
                continue;
            }
            current = next;
        }
        return current;
    }

    private static void pushAll(Deque<String> todo, String path) {
        String[] names = path.split("/");
        for (int i = names.length - 1; i >= 0; i--) {
            todo.addFirst(names[i]);
        }
    }

    @Override
    public String describe(String installPath) {
        try {
            return locate(installPath).toString();
        } catch (IOException e) {
            return installPath;
        }
    }

    @Override
    public Existing read(String installPath) throws IOException {
        Path file = locate(installPath);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Existing.ABSENT;
        }
        if (attributes.isSymbolicLink()) {
            return Existing.link(Files.readSymbolicLink(file).toString());
        }
        if (!attributes.isRegularFile()) {
            return Existing.OTHER;
        }
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = readAll(channel, file);
        }
        return Existing.file(bytes, mode(file), Optional.of(attributes.lastModifiedTime().toInstant()), owner(file));
    }

    /** Artifacts are small; anything larger than this is not one of svcctl's files and is not read whole. */
    private static final long MAX_ARTIFACT_BYTES = 16L * 1024 * 1024;

    private static byte[] readAll(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size > MAX_ARTIFACT_BYTES) {
            throw new FileSystemException(file.toString(), null, "is " + size + " bytes, too large to be svcctl's");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // read until full or end of file
        }
        return buffer.position() == buffer.capacity() ? buffer.array()
                : java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }

    private static Optional<String> owner(Path file) {
        try {
            return Optional.of(Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static int mode(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            int mode = 0;
            for (PosixFilePermission p : permissions) {
                mode |= 1 << (8 - p.ordinal());
            }
            return mode;
        } catch (UnsupportedOperationException noModes) {
            return 0; // unknown: Windows file systems have none
        } catch (IOException e) {
            return Artifact.MODE_FILE;
        }
    }

    @Override
    public void write(String installPath, byte[] content, int mode, Optional<String> owner, String step)
            throws IOException {
        Path target = locate(installPath);
        if (Files.isSymbolicLink(target)) {
            throw new FileSystemException(target.toString(), null,
                    "is a symbolic link; svcctl does not write through links");
        }
        Path dir = target.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaries(target);
        Path temp = dir.resolve("." + target.getFileName() + TEMP_INFIX + ProcessHandle.current().pid());
        boolean renamed = false;
        try {
            // Created readable by its owner only: a file holding secrets is never readable by others, not even
            // for a moment; the wanted mode comes once the content is in place.
            try (FileChannel channel = posix(dir)
                    ? FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS)) {
                int half = content.length / 2;
                writeFully(channel, ByteBuffer.wrap(content, 0, half));
                pauses.at(step + "-temp-partial");
                writeFully(channel, ByteBuffer.wrap(content, half, content.length - half));
                pauses.at(step + "-temp-written");
                channel.force(true);
            }
            if (owner.isPresent()) {
                setOwner(temp, owner.get());
            }
            setMode(temp, mode);
            pauses.at(step + "-temp-synced");
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            renamed = true;
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temp);
            }
        }
        syncDirectory(dir);
        pauses.at(step + "-renamed");
    }

    /**
     * Gives the file to {@code owner}. On the host a failure fails the write (install checked that the account
     * exists). Under {@code --root} (a package or image being built, maybe by an ordinary user, on a machine that may
     * not have the account) the file stays the builder's when the account is unknown here or the builder may not give
     * files away; the package's own scripts then hand it over.
     */
    private void setOwner(Path file, String owner) throws IOException {
        try {
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner));
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException | FileSystemException e) {
            if (confinedTo.isEmpty()) {
                throw e;
            }
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void setMode(Path file, int mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions(mode)));
        } catch (UnsupportedOperationException notPosix) {
            // Windows file systems have no mode bits; ACLs of the directory apply.
        }
    }

    static String permissions(int mode) {
        String letters = "rwxrwxrwx";
        StringBuilder out = new StringBuilder(9);
        for (int bit = 8; bit >= 0; bit--) {
            out.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return out.toString();
    }

    @Override
    public void delete(String installPath) throws IOException {
        Path target = locate(installPath);
        if (Files.deleteIfExists(target)) {
            syncDirectory(target.getParent());
        }
        removeStaleTemporaries(target);
    }

    @Override
    public AutoCloseable lock(String installPath, Duration wait) throws IOException {
        Path file = locate(installPath);
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException heldInThisProcess) {
                    lock = null;
                }
                if (lock != null) {
                    return channel::close;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new LockTimeoutException("another svcctl has held " + file + " for " + wait.toSeconds()
                            + " s");
                }
                Thread.sleep(20);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new LockTimeoutException("interrupted while waiting for " + file);
        }
    }

    /** Temporaries a killed svcctl left next to {@code target}. */
    private static void removeStaleTemporaries(Path target) throws IOException {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(dir,
                "." + target.getFileName() + TEMP_INFIX + "*")) {
            for (Path file : stale) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Some file systems cannot fsync a directory; the rename is still atomic.
        }
    }
}
