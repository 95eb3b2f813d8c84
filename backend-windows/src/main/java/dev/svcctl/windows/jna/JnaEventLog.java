package dev.svcctl.windows.jna;

import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.WinNT;
import dev.svcctl.windows.host.EventLog;

/**
 * The Application event log through advapi32: RegisterEventSourceW on first use (the source is the service's name,
 * registered at install so Event Viewer finds a message file for it), ReportEventW with the message as the one
 * insertion string, DeregisterEventSource at the end. Compiled here, run only on Windows.
 */
public final class JnaEventLog implements EventLog {
    private final String source;
    private WinNT.HANDLE handle;
    private boolean unavailable;

    public JnaEventLog(String source) {
        this.source = source;
    }

    @Override
    public synchronized void report(Type type, int eventId, String message) {
        if (unavailable) {
            return;
        }
        if (handle == null) {
            handle = Advapi32.INSTANCE.RegisterEventSource(null, source);
            if (handle == null) {
                unavailable = true;
                return;
            }
        }
        Advapi32.INSTANCE.ReportEvent(handle, type.win32(), 0, eventId, null, 1, 0, new String[] {message}, null);
    }

    @Override
    public synchronized void close() {
        if (handle != null) {
            Advapi32.INSTANCE.DeregisterEventSource(handle);
            handle = null;
        }
    }
}
