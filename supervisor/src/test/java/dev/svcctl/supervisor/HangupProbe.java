package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run as a JVM of its own by PosixNotifyPortTest: prints what the port says and what /proc says about SIGHUP. */
public final class HangupProbe {
    private HangupProbe() {
    }

    public static void main(String[] args) throws IOException {
        NotifyPort port = ProcessPorts.notifyForCurrentOs();
        System.out.println(port.hangupIgnored() + " " + procSaysHangupIgnored());
    }

    /** The kernel's own account (Linux): bit 0 of the SigIgn mask in /proc/self/status is SIGHUP. */
    static boolean procSaysHangupIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1) != 0;
            }
        }
        throw new IOException("no SigIgn line in /proc/self/status");
    }
}
