package dev.svcctl.windows.scm;

import dev.svcctl.windows.ScmRegistration;
import java.util.List;
import java.util.OptionalLong;

/**
 * What SCM stores for a service and svcctl sets: the QUERY_SERVICE_CONFIG fields plus the ChangeServiceConfig2
 * levels. {@code preshutdownTimeoutMs} empty means "leave the system default".
 */
public record ServiceConfig(
        String name,
        String displayName,
        String binaryPath,
        ScmRegistration.StartType startType,
        boolean delayedAutoStart,
        String account,
        List<String> dependencies,
        String description,
        ScmRegistration.FailureActions failureActions,
        OptionalLong preshutdownTimeoutMs,
        boolean sidTypeUnrestricted) {

    public ServiceConfig {
        dependencies = List.copyOf(dependencies);
    }

    /** The configuration install applies for a rendered registration. */
    public static ServiceConfig of(ScmRegistration r) {
        return new ServiceConfig(r.serviceName(), r.displayName(), r.binaryPath(), r.startType(),
                r.delayedAutoStart(), r.account().startName(), r.dependencies(), r.description(), r.failureActions(),
                r.preshutdownTimeoutMs(), r.account().kind() == dev.svcctl.windows.WindowsAccount.Kind.VIRTUAL);
    }

    /**
     * Whether a service configured as {@code actual} already is what this configuration asks for: an empty
     * preshutdown timeout accepts whatever the system default is; account names compare without case, as Windows
     * does.
     */
    public boolean isSatisfiedBy(ServiceConfig actual) {
        return name.equalsIgnoreCase(actual.name) && displayName.equals(actual.displayName)
                && binaryPath.equals(actual.binaryPath) && startType == actual.startType
                && delayedAutoStart == actual.delayedAutoStart && account.equalsIgnoreCase(actual.account)
                && dependencies.equals(actual.dependencies) && description.equals(actual.description)
                && failureActions.equals(actual.failureActions)
                && (preshutdownTimeoutMs.isEmpty() || preshutdownTimeoutMs.equals(actual.preshutdownTimeoutMs))
                && sidTypeUnrestricted == actual.sidTypeUnrestricted;
    }
}
