package dev.svcctl.spec;

import java.util.OptionalLong;

/** Rotation of file logs; sizes are in bytes. */
public record RotateSpec(OptionalLong size, RotateEvery every, int keep, boolean compress, OptionalLong maxTotal) {
    public static final int DEFAULT_KEEP = 7;
}
