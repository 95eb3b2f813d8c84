package dev.svcctl.windows.scm;

import dev.svcctl.windows.ScmRegistration;
import java.util.ArrayList;
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
        ScmRegistration.SidType sidType,
        List<String> requiredPrivileges,
        ScmRegistration.ServiceType serviceType) {

    public ServiceConfig {
        dependencies = List.copyOf(dependencies);
        requiredPrivileges = List.copyOf(requiredPrivileges);
    }

    /** A service in a host process of its own (SERVICE_WIN32_OWN_PROCESS). */
    public ServiceConfig(String name, String displayName, String binaryPath, ScmRegistration.StartType startType,
                         boolean delayedAutoStart, String account, List<String> dependencies, String description,
                         ScmRegistration.FailureActions failureActions, OptionalLong preshutdownTimeoutMs,
                         ScmRegistration.SidType sidType, List<String> requiredPrivileges) {
        this(name, displayName, binaryPath, startType, delayedAutoStart, account, dependencies, description,
                failureActions, preshutdownTimeoutMs, sidType, requiredPrivileges,
                ScmRegistration.ServiceType.OWN_PROCESS);
    }

    /** The same configuration with other failure actions and required privileges (as SCM stores them). */
    public ServiceConfig with(ScmRegistration.FailureActions actions, OptionalLong preshutdown,
                              List<String> privileges) {
        return new ServiceConfig(name, displayName, binaryPath, startType, delayedAutoStart, account, dependencies,
                description, actions, preshutdown, sidType, privileges, serviceType);
    }

    /** The same configuration with another start type (enable: auto, disable: demand). */
    public ServiceConfig withStartType(ScmRegistration.StartType type) {
        return new ServiceConfig(name, displayName, binaryPath, type, type == ScmRegistration.StartType.AUTO
                && delayedAutoStart, account, dependencies, description, failureActions, preshutdownTimeoutMs, sidType,
                requiredPrivileges, serviceType);
    }

    /** The configuration install applies for a rendered registration. */
    public static ServiceConfig of(ScmRegistration r) {
        return new ServiceConfig(r.serviceName(), r.displayName(), r.binaryPath(), r.startType(),
                r.delayedAutoStart(), r.account().startName(), r.dependencies(), r.description(), r.failureActions(),
                r.preshutdownTimeoutMs(), r.sidType(), r.requiredPrivileges(), r.serviceType());
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
                && sidType == actual.sidType && requiredPrivileges.equals(actual.requiredPrivileges)
                && serviceType == actual.serviceType;
    }

    /** This configuration with the preshutdown timeout it will have once applied over {@code actual}. */
    public ServiceConfig over(ServiceConfig actual) {
        return preshutdownTimeoutMs.isPresent() ? this : new ServiceConfig(name, displayName, binaryPath, startType,
                delayedAutoStart, account, dependencies, description, failureActions, actual.preshutdownTimeoutMs,
                sidType, requiredPrivileges, serviceType);
    }

    /**
     * The canonical text: one {@code key: value} line per field (the keys of {@code render --json}), a line per
     * dependency and per failure action, so that a unified diff of two configurations names what differs. A value
     * that spans lines continues on lines that start with a space. {@link #parse} reads it back.
     */
    public String toText() {
        StringBuilder out = new StringBuilder();
        line(out, "serviceName", name);
        line(out, "displayName", displayName);
        line(out, "description", description);
        if (serviceType != ScmRegistration.ServiceType.OWN_PROCESS) {
            line(out, "serviceType", serviceType.key()); // absent for own-process, as older svcctl wrote it
        }
        line(out, "binaryPath", binaryPath);
        line(out, "startType", startType.key());
        line(out, "delayedAutoStart", Boolean.toString(delayedAutoStart));
        line(out, "account", account);
        for (String dependency : dependencies) {
            line(out, "dependency", dependency);
        }
        for (ScmRegistration.Action action : failureActions.actions()) {
            line(out, "failureAction", action.type().key() + " " + action.delayMs());
        }
        line(out, "failureResetPeriodSeconds", Long.toString(failureActions.resetPeriodSeconds()));
        line(out, "failureActionsOnNonCrashFailures", Boolean.toString(failureActions.onNonCrashFailures()));
        if (!failureActions.command().isEmpty()) {
            line(out, "failureCommand", failureActions.command());
        }
        if (preshutdownTimeoutMs.isPresent()) {
            line(out, "preshutdownTimeoutMs", Long.toString(preshutdownTimeoutMs.getAsLong()));
        }
        line(out, "serviceSidType", sidType.key());
        for (String privilege : requiredPrivileges) {
            line(out, "requiredPrivilege", privilege);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(": ").append(value.replace("\n", "\n ")).append('\n');
    }

    /**
     * Reads {@link #toText} back; lines with other keys are left for the caller.
     *
     * @throws IllegalArgumentException when a line is missing or a value is not what toText writes
     */
    public static ServiceConfig parse(String text) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        List<String> dependencies = new ArrayList<>();
        List<ScmRegistration.Action> actions = new ArrayList<>();
        List<String> privileges = new ArrayList<>();
        String key = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(" ") && key != null) {
                values.merge(key, "\n" + line.substring(1), String::concat);
                continue;
            }
            int colon = line.indexOf(": ");
            if (colon < 0) {
                continue;
            }
            key = line.substring(0, colon);
            String value = line.substring(colon + 2);
            switch (key) {
                case "dependency" -> dependencies.add(value);
                case "requiredPrivilege" -> privileges.add(value);
                case "failureAction" -> {
                    String[] words = value.split(" ");
                    if (words.length != 2) {
                        throw new IllegalArgumentException("failureAction '" + value + "' is not 'TYPE DELAY_MS'");
                    }
                    actions.add(new ScmRegistration.Action(actionType(words[0]), Long.parseLong(words[1])));
                }
                default -> values.put(key, value);
            }
        }
        for (String required : List.of("serviceName", "displayName", "binaryPath", "startType", "account",
                "description", "failureResetPeriodSeconds")) {
            if (!values.containsKey(required)) {
                throw new IllegalArgumentException("no " + required + " line");
            }
        }
        String preshutdown = values.get("preshutdownTimeoutMs");
        return new ServiceConfig(values.get("serviceName"), values.get("displayName"), values.get("binaryPath"),
                startType(values.get("startType")), Boolean.parseBoolean(values.get("delayedAutoStart")),
                values.get("account"), dependencies, values.get("description"),
                new ScmRegistration.FailureActions(actions, Long.parseLong(values.get("failureResetPeriodSeconds")),
                        Boolean.parseBoolean(values.get("failureActionsOnNonCrashFailures")),
                        values.getOrDefault("failureCommand", "")),
                preshutdown == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(preshutdown)),
                sidType(values.get("serviceSidType")), privileges, values.containsKey("serviceType")
                        ? ScmRegistration.Coded.ofKey(ScmRegistration.ServiceType.values(), values.get("serviceType"),
                                "service type")
                        : ScmRegistration.ServiceType.OWN_PROCESS);
    }

    /** Absent or "default" (what older svcctl versions wrote for none in kept backups): NONE. */
    private static ScmRegistration.SidType sidType(String key) {
        return key == null || key.equals("default") ? ScmRegistration.SidType.NONE
                : ScmRegistration.SidType.ofKey(key);
    }

    private static ScmRegistration.StartType startType(String key) {
        return ScmRegistration.Coded.ofKey(ScmRegistration.StartType.values(), key, "start type");
    }

    private static ScmRegistration.Action.Type actionType(String key) {
        return ScmRegistration.Coded.ofKey(ScmRegistration.Action.Type.values(), key, "failure action");
    }
}
