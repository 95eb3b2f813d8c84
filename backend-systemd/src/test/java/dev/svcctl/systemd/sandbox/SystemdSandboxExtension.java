package dev.svcctl.systemd.sandbox;

import org.junit.jupiter.api.extension.BeforeAllCallback;
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
 * Without root, unshare or systemd the class is skipped with the reason; on CI that is a failure.
 */
public final class SystemdSandboxExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SystemdSandboxExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SystemdSandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return sandbox(context);
    }

    private static SystemdSandbox sandbox(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        String name = classContext.getRequiredTestClass().getName();
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(name, key -> new Resource(SystemdSandbox.bootInModule(key)), Resource.class)
                .sandbox();
    }

    /** The outermost test class's context: @Nested classes share their enclosing class's sandbox. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** Stops the sandbox when JUnit closes the class's store. */
    private record Resource(SystemdSandbox sandbox) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            sandbox.close();
        }
    }
}
