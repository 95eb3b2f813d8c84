package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** CanonicalText's table of omittable components is the annotations', and an omitted empty value leaves no trace. */
class CanonicalTextTest {

    @Test
    void theTableNamesExactlyTheComponentsMarkedOmittedWhenEmptyInEveryRecordOfTheSpec() {
        Map<Class<?>, Set<String>> marked = new HashMap<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Type> todo = new ArrayDeque<>(List.of(ServiceSpec.class));
        while (!todo.isEmpty()) {
            Type type = todo.pop();
            if (type instanceof ParameterizedType parameterized) {
                todo.addAll(List.of(parameterized.getActualTypeArguments()));
                todo.push(parameterized.getRawType());
            } else if (type instanceof Class<?> c && c.isRecord() && seen.add(c)) {
                for (RecordComponent component : c.getRecordComponents()) {
                    todo.push(component.getGenericType());
                    if (component.isAnnotationPresent(OmittedWhenEmpty.class)) {
                        marked.computeIfAbsent(c, k -> new TreeSet<>()).add(component.getName());
                    }
                }
            }
        }
        assertFalse(marked.isEmpty(), "the walk reaches the marked components");
        Map<Class<?>, Set<String>> table = new HashMap<>();
        CanonicalText.OMITTED_WHEN_EMPTY.forEach((c, names) -> table.put(c, new TreeSet<>(names)));
        assertEquals(marked, table);
    }

    @Test
    void anEmptyOmittableComponentIsLeftOutAndAFilledOneIsWritten() {
        RestartSpec plain = new RestartSpec(RestartPolicy.ALWAYS, Duration.ofSeconds(1), Optional.empty(), 5,
                Duration.ofMinutes(1), List.of(0), Map.of());
        String text = CanonicalText.of(plain);
        assertFalse(text.contains("onExit"), text);
        assertEquals("RestartSpec[policy=ALWAYS, delay=PT1S, maxDelay=Optional.empty, burst=5, window=PT1M,"
                + " successExitCodes=[0]]", text);
    }
}
