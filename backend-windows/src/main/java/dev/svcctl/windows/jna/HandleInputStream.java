package dev.svcctl.windows.jna;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.io.InputStream;

/** The read end of an anonymous pipe (ReadFile); end of stream once every writer has closed its end. */
final class HandleInputStream extends InputStream {
    private static final int ERROR_BROKEN_PIPE = 109;
    private static final int CHUNK = 64 * 1024;
    private final WinNT.HANDLE handle;
    private byte[] buffer = new byte[0];
    private boolean closed;

    HandleInputStream(WinNT.HANDLE handle) {
        this.handle = handle;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (closed) {
            throw new IOException("stream closed");
        }
        int want = Math.min(len, CHUNK);
        if (buffer.length < want) {
            buffer = new byte[want];
        }
        IntByReference read = new IntByReference();
        if (!Kernel32.INSTANCE.ReadFile(handle, buffer, want, read, null)) {
            int error = LastError.code();
            if (error == ERROR_BROKEN_PIPE) {
                return -1;
            }
            throw new IOException("ReadFile failed: Win32 error " + error);
        }
        int n = read.getValue();
        if (n == 0) {
            return -1;
        }
        System.arraycopy(buffer, 0, b, off, n);
        return n;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Kernel32.INSTANCE.CloseHandle(handle);
        }
    }
}
