package dev.svcctl.spec;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Resource limits. {@code memory} is in bytes; {@code cpuPercent} is a percentage of one CPU (150 = one and a
 * half CPUs).
 */
public record LimitsSpec(OptionalLong openFiles, OptionalLong processes, OptionalLong memory, OptionalInt cpuPercent) {
    public static final LimitsSpec NONE =
            new LimitsSpec(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty());
}
