package dev.svcctl.windows.jna;

import com.sun.jna.Pointer;
import dev.svcctl.windows.JobLimits;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The structures JnaProgramControl gives SetInformationJobObject for a program's job. Pure (no call into Windows), so
 * the tests see exactly the bytes Windows is given.
 */
public final class ProgramJobLimits {
    /** JobObjectCpuRateControlInformation. */
    public static final int CPU_RATE_CONTROL_INFORMATION_CLASS = 15;
    /** JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP. */
    public static final int CPU_RATE_ENABLE_HARD_CAP = 0x1 | 0x4;

    private ProgramJobLimits() {
    }

    /** JOBOBJECT_EXTENDED_LIMIT_INFORMATION (class 9): the flags, the process limit, memory. */
    public static ScmStructs.JOBOBJECT_EXTENDED_LIMIT_INFORMATION extended(JobLimits limits) {
        ScmStructs.JOBOBJECT_EXTENDED_LIMIT_INFORMATION info = new ScmStructs.JOBOBJECT_EXTENDED_LIMIT_INFORMATION();
        info.BasicLimitInformation.LimitFlags = limits.limitFlags();
        if (limits.activeProcesses().isPresent()) {
            info.BasicLimitInformation.ActiveProcessLimit = limits.activeProcesses().getAsInt();
        }
        if (limits.jobMemoryBytes().isPresent()) {
            info.JobMemoryLimit = new Pointer(limits.jobMemoryBytes().getAsLong());
        }
        return info;
    }

    /** JOBOBJECT_CPU_RATE_CONTROL_INFORMATION (class 15) for this machine's processors, when limits.cpu is set. */
    public static Optional<ScmStructs.JOBOBJECT_CPU_RATE_CONTROL_INFORMATION> cpuRate(JobLimits limits,
                                                                                         int processors) {
        OptionalInt rate = limits.cpuRate(processors);
        if (rate.isEmpty()) {
            return Optional.empty();
        }
        ScmStructs.JOBOBJECT_CPU_RATE_CONTROL_INFORMATION info = new ScmStructs.JOBOBJECT_CPU_RATE_CONTROL_INFORMATION();
        info.ControlFlags = CPU_RATE_ENABLE_HARD_CAP;
        info.CpuRate = rate.getAsInt();
        return Optional.of(info);
    }
}
