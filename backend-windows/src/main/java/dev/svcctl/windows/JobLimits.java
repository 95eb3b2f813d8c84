package dev.svcctl.windows;

import dev.svcctl.spec.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the Windows service host (and {@code svcctl run} on Windows) applies to the job object of every program it
 * starts for a service, from {@code limits.*} and {@code priority}: a job memory limit (JobMemoryLimit: all of the
 * tree's committed memory, as systemd's MemoryMax= covers the cgroup), an active process limit and a hard CPU rate
 * cap on the job, and the program's priority class, given to CreateProcess. Pure: {@code render} shows it, the host
 * applies it.
 *
 * <p>The priority class is not the job's JOB_OBJECT_LIMIT_PRIORITY_CLASS: setting that needs
 * SE_INC_BASE_PRIORITY_NAME, which LocalService, NetworkService, virtual accounts and gMSAs do not hold, so every
 * start of such a service with {@code priority} would fail. A creation flag needs no privilege for any class but
 * REALTIME (never used); the program's children get NORMAL unless the class is IDLE or BELOW_NORMAL, which they
 * inherit (CreateProcess's rule).
 */
public record JobLimits(OptionalLong jobMemoryBytes, OptionalInt activeProcesses, OptionalInt cpuPercentOfOneCpu,
                        Optional<PriorityClass> priorityClass) {
    public static final JobLimits NONE =
            new JobLimits(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

    /** JOB_OBJECT_LIMIT_* flags (winnt.h). */
    public static final int KILL_ON_JOB_CLOSE = 0x2000;
    public static final int ACTIVE_PROCESS = 0x8;
    public static final int JOB_MEMORY = 0x200;
    /** CpuRate is in 1/100 of a percent of all the machine's processors. */
    public static final int MAX_CPU_RATE = 10_000;

    /** The priority classes (the CreateProcess / job PriorityClass values); REALTIME is never used. */
    public enum PriorityClass {
        IDLE(0x40), BELOW_NORMAL(0x4000), NORMAL(0x20), ABOVE_NORMAL(0x8000), HIGH(0x80);

        private final int win32;

        PriorityClass(int win32) {
            this.win32 = win32;
        }

        public int win32() {
            return win32;
        }

        /** The name Windows' headers give it, as render shows it. */
        public String key() {
            return name() + "_PRIORITY_CLASS";
        }

        /**
         * The class for a nice value, on libuv's thresholds (Node's os.setPriority), with REALTIME folded into HIGH:
         * -20..-8 HIGH, -7..-1 ABOVE_NORMAL, 0..6 NORMAL, 7..18 BELOW_NORMAL, 19 IDLE.
         */
        public static PriorityClass ofNice(int nice) {
            if (nice <= -8) {
                return HIGH;
            }
            if (nice < 0) {
                return ABOVE_NORMAL;
            }
            if (nice < 7) {
                return NORMAL;
            }
            return nice < 19 ? BELOW_NORMAL : IDLE;
        }
    }

    public static JobLimits of(ServiceSpec spec) {
        return new JobLimits(spec.limits().memory(), asInt(spec.limits().processes()), spec.limits().cpuPercent(),
                spec.priority().isPresent() ? Optional.of(PriorityClass.ofNice(spec.priority().getAsInt()))
                        : Optional.empty());
    }

    private static OptionalInt asInt(OptionalLong value) {
        return value.isPresent() ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, value.getAsLong()))
                : OptionalInt.empty();
    }

    /** LimitFlags of JOBOBJECT_BASIC_LIMIT_INFORMATION: always KILL_ON_JOB_CLOSE, plus one flag per limit set. */
    public int limitFlags() {
        int flags = KILL_ON_JOB_CLOSE;
        if (jobMemoryBytes.isPresent()) {
            flags |= JOB_MEMORY;
        }
        if (activeProcesses.isPresent()) {
            flags |= ACTIVE_PROCESS;
        }
        return flags;
    }

    /** The CreateProcess creation flag of the program's priority class; 0 (the parent's rules) without one. */
    public int creationFlags() {
        return priorityClass.map(PriorityClass::win32).orElse(0);
    }

    /**
     * JOBOBJECT_CPU_RATE_CONTROL_INFORMATION's CpuRate on a machine with {@code processors} logical processors:
     * {@code limits.cpu} is a share of one CPU, CpuRate a share of all of them in 1/100 %, rounded up, 1..10000.
     */
    public OptionalInt cpuRate(int processors) {
        if (cpuPercentOfOneCpu.isEmpty()) {
            return OptionalInt.empty();
        }
        long rate = ((long) cpuPercentOfOneCpu.getAsInt() * 100 + processors - 1) / Math.max(1, processors);
        return OptionalInt.of((int) Math.max(1, Math.min(MAX_CPU_RATE, rate)));
    }

    /** As render shows it ({@code jobLimits}): the flags by name and each limit set (the priority class is apart). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("killOnJobClose", true);
        if (jobMemoryBytes.isPresent()) {
            m.put("jobMemoryLimitBytes", jobMemoryBytes.getAsLong());
        }
        if (activeProcesses.isPresent()) {
            m.put("activeProcessLimit", activeProcesses.getAsInt());
        }
        if (cpuPercentOfOneCpu.isPresent()) {
            // The CpuRate itself depends on the machine's processors, which the host counts at each start.
            m.put("cpuRateHardCapPercentOfOneCpu", cpuPercentOfOneCpu.getAsInt());
        }
        return m;
    }
}
