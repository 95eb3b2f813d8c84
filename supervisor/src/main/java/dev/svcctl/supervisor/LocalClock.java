package dev.svcctl.supervisor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock in the default time zone, like {@link Clock#systemDefaultZone()}, except that it looks the zone up
 * only when asked ({@link #getZone}: daily or hourly log rotation), not when it is made. Looking it up loads the
 * JDK's time-zone database (tzdb.dat, some 400 KB of live heap), which a supervisor that never rotates by time then
 * does not keep for its service's life (bench/supervisor: idle RSS).
 */
public final class LocalClock extends Clock {
    public static final LocalClock INSTANCE = new LocalClock();

    private LocalClock() {
    }

    /** The default time zone as of now: {@link ZoneId#systemDefault()}, which the JDK caches once looked up. */
    @Override
    public ZoneId getZone() {
        return ZoneId.systemDefault();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public String toString() {
        return "LocalClock";
    }
}
