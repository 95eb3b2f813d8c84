package dev.svcctl.supervisor;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The libc calls of the notify socket (Unix datagram sockets, sigaction); loaded on first use only. Socket addresses
 * and options are passed as raw bytes laid out by {@link PosixNotifyPort.Os}, whose constants differ per OS.
 */
interface SocketLibC extends Library {
    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] address, int addressLength);

    int setsockopt(int fd, int level, int option, byte[] value, int valueLength);

    NativeLong recv(int fd, Pointer buffer, NativeLong length, int flags);

    NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength);

    int shutdown(int fd, int how);

    int fcntl(int fd, int command, int argument);

    int fchmod(int fd, int mode);

    int close(int fd);

    int geteuid();

    int sigaction(int signal, Pointer action, Pointer oldAction);

    static SocketLibC load() {
        return Native.load("c", SocketLibC.class);
    }
}
