package dev.svcctl.windows.host;

/**
 * The Windows Event Log as the service host writes to it: one event source named after the service, in the
 * Application log (RegisterEventSourceW / ReportEventW / DeregisterEventSource). A port so that the host is tested
 * on a fake; {@code JnaEventLog} is the real one.
 */
public interface EventLog extends AutoCloseable {

    /** EVENTLOG_INFORMATION_TYPE, EVENTLOG_WARNING_TYPE, EVENTLOG_ERROR_TYPE. */
    enum Type {
        INFORMATION(4), WARNING(2), ERROR(1);

        private final int win32;

        Type(int win32) {
            this.win32 = win32;
        }

        public int win32() {
            return win32;
        }
    }

    /** Writes one event; failures are swallowed (the Event Log must never stop the service). */
    void report(Type type, int eventId, String message);

    @Override
    void close();

    /** For {@code platform.windows.eventLog: false}. */
    EventLog NONE = new EventLog() {
        @Override
        public void report(Type type, int eventId, String message) {
        }

        @Override
        public void close() {
        }
    };
}
