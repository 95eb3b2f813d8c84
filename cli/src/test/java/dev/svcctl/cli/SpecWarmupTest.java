package dev.svcctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.svcctl.spec.SpecLoader;
import org.junit.jupiter.api.Test;

class SpecWarmupTest {
    @Test
    void theWarmUpSpecIsValidSoTheWarmUpRunsTheWholeReader() throws Exception {
        assertEquals("warmup", SpecLoader.parse("warmup.yaml", SpecWarmup.SPEC).spec().name());
    }
}
