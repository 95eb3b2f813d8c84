package dev.svcctl.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import dev.svcctl.spec.LimitsSpec;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.windows.JobLimits;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Finding 9 of issue #16: what JnaProgramControl gives SetInformationJobObject for a program's job, read from the
 * native memory (x64 offsets of JOBOBJECT_EXTENDED_LIMIT_INFORMATION, which StructLayoutTest checks against mingw's
 * headers). Before the fix the job got KILL_ON_JOB_CLOSE alone whatever the spec said.
 */
class ProgramJobLimitsTest {
    private static final long LIMIT_FLAGS = 16;
    private static final long ACTIVE_PROCESS_LIMIT = 40;
    private static final long PRIORITY_CLASS = 56;
    private static final long JOB_MEMORY_LIMIT = 120;

    private static ServiceSpec spec(LimitsSpec limits, Integer priority) {
        ServiceSpec.Builder b = ServiceSpec.builder("app", "C:\\app\\app.exe").limits(limits);
        if (priority != null) {
            b.priority(priority);
        }
        return b.build();
    }

    /**
     * The limits are the job's; the priority class is the program's creation flag, never the job's
     * JOB_OBJECT_LIMIT_PRIORITY_CLASS (0x20), which needs SE_INC_BASE_PRIORITY_NAME: a LocalService, virtual account or
     * gMSA service with {@code priority} could never start its program (issue #16, left open in its first fix).
     */
    @Test
    void theSpecsLimitsAreTheJobsAndItsPriorityIsTheProgramsCreationFlag() {
        JobLimits limits = JobLimits.of(spec(new LimitsSpec(OptionalLong.empty(), OptionalLong.of(64),
                OptionalLong.of(3L << 30), OptionalInt.of(150)), -12));
        ScmStructs.JOBOBJECT_EXTENDED_LIMIT_INFORMATION info = ProgramJobLimits.extended(limits);
        info.write();
        Pointer p = info.getPointer();
        assertEquals(0x2000 | 0x200 | 0x8, p.getInt(LIMIT_FLAGS), "no JOB_OBJECT_LIMIT_PRIORITY_CLASS");
        assertEquals(64, p.getInt(ACTIVE_PROCESS_LIMIT));
        assertEquals(0, p.getInt(PRIORITY_CLASS), "the job sets no class");
        assertEquals(3L << 30, p.getLong(JOB_MEMORY_LIMIT));
        assertEquals(0x80, limits.creationFlags(), "HIGH_PRIORITY_CLASS at CreateProcess");
        assertEquals(0x4000, JobLimits.of(spec(LimitsSpec.NONE, 10)).creationFlags(), "BELOW_NORMAL_PRIORITY_CLASS");
        assertEquals(0, JobLimits.of(spec(LimitsSpec.NONE, null)).creationFlags(), "no priority: no flag");

        ScmStructs.JOBOBJECT_CPU_RATE_CONTROL_INFORMATION cpu = ProgramJobLimits.cpuRate(limits, 8).orElseThrow();
        cpu.write();
        assertEquals(List.of(5, 1875), List.of(cpu.getPointer().getInt(0), cpu.getPointer().getInt(4)),
                "enabled with a hard cap; 150% of one CPU of 8 is 18.75% of all: 1875");
    }

    @Test
    void withoutLimitsTheJobOnlyKillsOnClose() {
        ScmStructs.JOBOBJECT_EXTENDED_LIMIT_INFORMATION info = ProgramJobLimits.extended(JobLimits.of(spec(
                LimitsSpec.NONE, null)));
        info.write();
        assertEquals(0x2000, info.getPointer().getInt(LIMIT_FLAGS));
        assertEquals(0L, info.getPointer().getLong(JOB_MEMORY_LIMIT));
        assertTrue(ProgramJobLimits.cpuRate(JobLimits.NONE, 4).isEmpty());
    }

    @Test
    void cpuRateIsAShareOfAllProcessorsRoundedUpWithinOneAndTenThousand() {
        JobLimits half = new JobLimits(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.of(50),
                java.util.Optional.empty());
        assertEquals(OptionalInt.of(5000), half.cpuRate(1));
        assertEquals(OptionalInt.of(1667), half.cpuRate(3));
        JobLimits many = new JobLimits(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.of(400),
                java.util.Optional.empty());
        assertEquals(OptionalInt.of(10_000), many.cpuRate(2), "more than the machine has: all of it");
        JobLimits tiny = new JobLimits(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.of(1),
                java.util.Optional.empty());
        assertEquals(OptionalInt.of(1), tiny.cpuRate(256));
    }

    @Test
    void niceValuesMapToPriorityClassesOnLibuvsThresholdsWithoutRealtime() {
        StringBuilder classes = new StringBuilder();
        for (int nice = -20; nice <= 19; nice++) {
            classes.append(JobLimits.PriorityClass.ofNice(nice).name().charAt(0));
        }
        // H: HIGH (-20..-8), A: ABOVE_NORMAL (-7..-1), N: NORMAL (0..6), B: BELOW_NORMAL (7..18), I: IDLE (19)
        assertEquals("HHHHHHHHHHHHH" + "AAAAAAA" + "NNNNNNN" + "BBBBBBBBBBBB" + "I", classes.toString());
    }
}
