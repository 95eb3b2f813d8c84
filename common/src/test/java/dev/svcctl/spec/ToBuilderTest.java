package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ServiceSpec#toBuilder()} carries every field: the full spec sets each to a value other than its default. */
class ToBuilderTest {
    private static ServiceSpec full() throws InvalidSpecException {
        return SpecLoader.load(Path.of("src", "test", "resources", "valid", "full.yaml")).spec();
    }

    @Test
    void aCopyWithNothingChangedIsEqual() throws InvalidSpecException {
        ServiceSpec full = full();
        assertNotEquals(ServiceSpec.builder(full.name(), full.exec()).build(), full);
        assertEquals(full, full.toBuilder().build());
    }

    @Test
    void aCopyChangesOnlyWhatIsSet() throws InvalidSpecException {
        ServiceSpec full = full();
        ServiceSpec moved = full.toBuilder().exec("/usr/bin/api").scope(Scope.SYSTEM).build();
        assertEquals("/usr/bin/api", moved.exec());
        assertEquals(Scope.SYSTEM, moved.scope());
        assertEquals(full, moved.toBuilder().exec(full.exec()).scope(full.scope()).build());
    }
}
