package dev.svcctl.supervisor;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls the POSIX port needs; loaded on first use only. */
interface LibC extends Library {
    int PR_SET_CHILD_SUBREAPER = 36;
    int WNOHANG = 1;
    /** waitid: wait for children that have exited; leave the child a zombie (collect nothing). */
    int WEXITED = 4;
    int WNOWAIT = 0x01000000;
    /** waitid's idtype: any child. */
    int P_ALL = 0;
    int ESRCH = 3;
    int EINTR = 4;
    int EINVAL = 22;
    int ECHILD = 10;
    int ENOSYS = 38;
    /** Linux syscall numbers, the same on every architecture (added after the tables were unified, 5.1+). */
    long SYS_PIDFD_SEND_SIGNAL = 424;
    long SYS_PIDFD_OPEN = 434;
    /** Bytes of a siginfo_t, and the int index of si_pid in it (after signo, errno, code and padding). */
    int SIGINFO_INTS = 32;
    int SIGINFO_PID = 4;
    int SIGABRT = 6;
    /** O_RDWR | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC (Linux values). */
    int O_RDWR_NONBLOCK_NOFOLLOW_CLOEXEC = 02 | 04000 | 0400000 | 02000000;
    int F_SETPIPE_SZ = 1031;
    /** O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC (Linux values): how the shared host opens a log FIFO. */
    int O_RDONLY_NONBLOCK_NOFOLLOW_CLOEXEC = 04000 | 0400000 | 02000000;
    /** pipe2's flags: O_NONBLOCK | O_CLOEXEC. */
    int O_NONBLOCK_CLOEXEC = 04000 | 02000000;
    int SPLICE_F_NONBLOCK = 2;
    int EAGAIN = 11;
    short POLLIN = 1;
    short POLLERR = 8;
    short POLLHUP = 16;
    short POLLNVAL = 32;

    int kill(int pid, int signal);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int waitpid(int pid, int[] status, int options);

    int waitid(int idType, int id, int[] siginfo, int options);

    /** pidfd_open(pid, flags). */
    int syscall(long number, int pid, int flags);

    /** pidfd_send_signal(pidfd, signal, info, flags). */
    int syscall(long number, int pidfd, int signal, com.sun.jna.Pointer info, int flags);

    int mkfifo(String path, int mode);

    int open(String path, int flags);

    int fcntl(int fd, int command, int argument);

    int close(int fd);

    int geteuid();

    /** sched_getaffinity(0 = the calling thread, cpusetsize, mask). */
    int sched_getaffinity(int pid, long cpusetsize, long[] mask);

    int sched_setaffinity(int pid, long cpusetsize, long[] mask);

    com.sun.jna.NativeLong read(int fd, com.sun.jna.Pointer buffer, com.sun.jna.NativeLong count);

    com.sun.jna.NativeLong write(int fd, com.sun.jna.Pointer buffer, com.sun.jna.NativeLong count);

    /** tee(2): duplicates up to {@code length} bytes of pipe {@code in} into pipe {@code out}, consuming none. */
    com.sun.jna.NativeLong tee(int in, int out, com.sun.jna.NativeLong length, int flags);

    int pipe2(int[] fds, int flags);

    /** poll(2) over an array of {@code struct pollfd} (int fd, short events, short revents: 8 bytes each). */
    int poll(com.sun.jna.Pointer fds, com.sun.jna.NativeLong count, int timeoutMillis);

    /** getpwnam(3): a {@code struct passwd}, whose pw_gid is at {@link #PW_GID_OFFSET} on 64-bit Linux. */
    com.sun.jna.Pointer getpwnam(String name);

    long PW_GID_OFFSET = 20;

    /** posix_spawnattr_setflags: reset the signals of the set given to their defaults; set the signal mask. */
    short POSIX_SPAWN_SETSIGDEF = 0x04;
    short POSIX_SPAWN_SETSIGMASK = 0x08;
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int ENOEXEC = 8;
    /** Bytes of glibc's sigset_t. */
    int SIGSET_BYTES = 128;

    int posix_spawn_file_actions_init(com.sun.jna.Pointer fileActions);

    int posix_spawn_file_actions_addopen(com.sun.jna.Pointer fileActions, int fd, String path, int flags, int mode);

    /** glibc 2.34 and later: close every descriptor from {@code from} up in the child. */
    int posix_spawn_file_actions_addclosefrom_np(com.sun.jna.Pointer fileActions, int from);

    int posix_spawnattr_init(com.sun.jna.Pointer attributes);

    int posix_spawnattr_setflags(com.sun.jna.Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(com.sun.jna.Pointer attributes, com.sun.jna.Pointer sigset);

    int posix_spawnattr_setsigdefault(com.sun.jna.Pointer attributes, com.sun.jna.Pointer sigset);

    int sigemptyset(com.sun.jna.Pointer sigset);

    int sigfillset(com.sun.jna.Pointer sigset);

    String strerror(int errno);

    static LibC load() {
        return Native.load("c", LibC.class);
    }
}
