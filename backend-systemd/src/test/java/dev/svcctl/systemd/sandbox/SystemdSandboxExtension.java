package dev.svcctl.systemd.sandbox;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Boots one {@link SystemdSandbox} per test class (in {@code target/systemd-sandbox/CLASSNAME} of the module) and
 * stops it after the class; tests, constructors and {@code @BeforeAll} methods get it as a parameter:
 *
 * <pre>{@code
 * @ExtendWith(SystemdSandboxExtension.class)
 * class SomethingIT {
 *     @Test void starts(SystemdSandbox sandbox) { ... }
 * }
 * }</pre>
 *
 * Without root, unshare or systemd each test is skipped with the reason; on CI that is a failure. Take the sandbox
 * as a test method parameter: a constructor or {@code @BeforeAll} parameter is resolved before a skip is possible.
 */
public final class SystemdSandboxExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SystemdSandboxExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SystemdSandbox.class;
    }

    /**
     * Boots before the first test (a skip thrown here marks each test skipped with the reason, which JUnit would
     * turn into an error if it came from parameter resolution); a failed boot is remembered and reported by every
     * test of the class instead of being retried.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        sandbox(context);
    }

    /** Also resolves constructor and {@code @BeforeAll} parameters, where a missing prerequisite is an error. */
    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sandbox(context);
    }

    private static SystemdSandbox sandbox(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Boot boot = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                classContext.getRequiredTestClass().getName(), Boot::attempt, Boot.class);
        return boot.sandbox();
    }

    /** The outermost test class's context: @Nested classes share their enclosing class's sandbox. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** A booted sandbox, or why there is none; JUnit closes it with the class's store, stopping the sandbox. */
    private record Boot(SystemdSandbox booted, RuntimeException abortion, Error failure)
            implements ExtensionContext.Store.CloseableResource {

        static Boot attempt(String testClassName) {
            try {
                return new Boot(SystemdSandbox.bootInModule(testClassName), null, null);
            } catch (RuntimeException e) {
                return new Boot(null, e, null);
            } catch (Error e) {
                return new Boot(null, null, e);
            }
        }

        SystemdSandbox sandbox() {
            if (abortion != null) {
                throw abortion;
            }
            if (failure != null) {
                throw failure;
            }
            return booted;
        }

        @Override
        public void close() {
            if (booted != null) {
                booted.close();
            }
        }
    }
}
