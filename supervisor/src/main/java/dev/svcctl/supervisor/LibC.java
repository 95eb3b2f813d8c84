package dev.svcctl.supervisor;

import com.sun.jna.Library;
import com.sun.jna.Native;

/** The few libc calls the POSIX port needs; loaded on first use only. */
interface LibC extends Library {
    int PR_SET_CHILD_SUBREAPER = 36;
    int WNOHANG = 1;
    int ESRCH = 3;
    int EINTR = 4;
    int SIGABRT = 6;
    /** O_RDWR | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC (Linux values). */
    int O_RDWR_NONBLOCK_NOFOLLOW_CLOEXEC = 02 | 04000 | 0400000 | 02000000;
    int F_SETPIPE_SZ = 1031;

    int kill(int pid, int signal);

    int prctl(int option, long arg2, long arg3, long arg4, long arg5);

    int waitpid(int pid, int[] status, int options);

    int mkfifo(String path, int mode);

    int open(String path, int flags);

    int fcntl(int fd, int command, int argument);

    int close(int fd);

    int geteuid();

    static LibC load() {
        return Native.load("c", LibC.class);
    }
}
