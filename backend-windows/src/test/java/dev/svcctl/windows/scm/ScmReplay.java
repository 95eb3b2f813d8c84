package dev.svcctl.windows.scm;

import dev.svcctl.windows.ScmRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs a call sequence (the language of src/test/c/scmreplay.c) against the {@link Scm} port and prints each result
 * exactly as scmreplay.exe does, so the two outputs can be compared line by line.
 */
final class ScmReplay {
    static final String BINARY = "\"C:\\replay\\scmreplay.exe\" service";

    private final Scm scm;
    private ServiceManager manager;
    private final ServiceHandle[] slots = new ServiceHandle[10];
    private final String[] slotNames = new String[10];

    ScmReplay(Scm scm) {
        this.scm = scm;
    }

    static ServiceConfig configA(String name) {
        return new ServiceConfig(name, "Replay A", BINARY, ScmRegistration.StartType.DEMAND, false, "LocalSystem",
                List.of(), "", ScmRegistration.FailureActions.NONE, OptionalLong.empty(),
                ScmRegistration.SidType.NONE, List.of());
    }

    /** Runs the sequence; one output line per call, "N call -> result". */
    List<String> run(List<String> script) {
        List<String> out = new ArrayList<>();
        int number = 0;
        for (String line : script) {
            number++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            out.add(number + " " + line + " -> " + call(line.split("\\s+")));
        }
        return out;
    }

    private String call(String[] words) {
        String op = words[0];
        int s = words.length > 1 && Character.isDigit(words[1].charAt(0)) ? words[1].charAt(0) - '0' : 0;
        String arg2 = words.length > 2 ? words[2] : "";
        try {
            switch (op) {
                case "connect" -> {
                    if (manager != null) {
                        manager.close();
                    }
                    manager = null;
                    manager = scm.connect(words[1].equals("all") ? Scm.Access.ALL : Scm.Access.READ);
                    return "ok";
                }
                case "create", "createslow" -> {
                    slotNames[s] = arg2;
                    slots[s] = null;
                    slots[s] = manager.create(configA(arg2), Optional.empty());
                    if (op.equals("createslow") && scm instanceof InMemoryScm model) {
                        // START_PENDING for the next status query, as scmreplay.exe's 4 s outlast the calls between.
                        model.startsSlowly(arg2, 1);
                    }
                    return "ok";
                }
                case "open", "openro" -> {
                    slotNames[s] = arg2;
                    slots[s] = null;
                    slots[s] = manager.open(arg2, op.equals("open") ? Scm.Access.ALL : Scm.Access.READ);
                    return "ok";
                }
                case "config" -> {
                    ServiceConfig c = handle(s).queryConfig();
                    handle(s).changeConfig(new ServiceConfig(c.name(), "Replay B", c.binaryPath(),
                            ScmRegistration.StartType.AUTO, c.delayedAutoStart(), "NT AUTHORITY\\LocalService",
                            List.of("RpcSs"), c.description(), c.failureActions(), c.preshutdownTimeoutMs(),
                            c.sidType(), c.requiredPrivileges()), Optional.of(new char[0]));
                    return "ok";
                }
                case "config2" -> {
                    handle(s).changeConfig(config2(handle(s).queryConfig(), arg2), Optional.empty());
                    return "ok";
                }
                case "qconfig" -> {
                    ServiceConfig c = handle(s).queryConfig();
                    return "display=" + c.displayName() + " start=" + c.startType().win32() + " account="
                            + c.account() + " description=" + (c.description().isEmpty() ? "(null)" : c.description())
                            + " preshutdown=" + c.preshutdownTimeoutMs().orElseThrow();
                }
                case "qconfig2" -> {
                    ServiceConfig c = handle(s).queryConfig();
                    StringBuilder actions = new StringBuilder();
                    c.failureActions().actions().forEach(a -> actions.append(a.type().win32()).append('/')
                            .append(a.delayMs()).append(','));
                    return "delayed=" + (c.delayedAutoStart() ? 1 : 0) + " reset="
                            + c.failureActions().resetPeriodSeconds() + " actions=" + actions + " flag="
                            + (c.failureActions().onNonCrashFailures() ? 1 : 0);
                }
                case "qsid" -> {
                    ServiceConfig c = handle(s).queryConfig();
                    StringBuilder privileges = new StringBuilder();
                    c.requiredPrivileges().forEach(p -> privileges.append(p).append(','));
                    return "sid=" + c.sidType().win32() + " privileges=" + privileges;
                }
                case "qdeps" -> {
                    StringBuilder deps = new StringBuilder("deps=");
                    handle(s).queryConfig().dependencies().forEach(d -> deps.append(d).append(','));
                    return deps.toString();
                }
                case "start" -> {
                    handle(s).start();
                    return "ok";
                }
                case "stop" -> {
                    handle(s).stop();
                    return "ok";
                }
                case "query", "wait" -> {
                    return handle(s).query().state().label();
                }
                case "waitgone" -> {
                    try {
                        manager.open(words[1], Scm.Access.READ).close();
                        return "present";
                    } catch (ScmException e) {
                        if (e.code() == ScmException.ERROR_SERVICE_DOES_NOT_EXIST) {
                            return "gone";
                        }
                        throw e;
                    }
                }
                case "delete" -> {
                    handle(s).delete();
                    return "ok";
                }
                case "close" -> {
                    handle(s).close();
                    slots[s] = null;
                    return "ok";
                }
                case "mark" -> {
                    manager.writeMarker(slotNames[s], arg2);
                    return "ok";
                }
                case "unmark" -> {
                    manager.removeMarker(slotNames[s]);
                    return "ok";
                }
                case "readmark" -> {
                    return manager.readMarker(slotNames[s]).orElse("error 2");
                }
                default -> {
                    return "unknown call";
                }
            }
        } catch (ScmException e) {
            return "error " + e.code();
        }
    }

    private ServiceHandle handle(int slot) throws ScmException {
        if (slots[slot] == null) {
            throw new ScmException(ScmException.ERROR_INVALID_HANDLE, "no handle in slot " + slot);
        }
        return slots[slot];
    }

    private static ServiceConfig config2(ServiceConfig c, String level) {
        String description = c.description();
        OptionalLong preshutdown = c.preshutdownTimeoutMs();
        boolean delayed = c.delayedAutoStart();
        ScmRegistration.FailureActions failure = c.failureActions();
        ScmRegistration.SidType sidType = c.sidType();
        List<String> privileges = c.requiredPrivileges();
        switch (level) {
            case "description" -> description = "replayed by svcctl";
            case "preshutdown" -> preshutdown = OptionalLong.of(120_000);
            case "delayed" -> delayed = true;
            case "failure" -> failure = new ScmRegistration.FailureActions(List.of(
                    new ScmRegistration.Action(ScmRegistration.Action.Type.RESTART, 1000),
                    new ScmRegistration.Action(ScmRegistration.Action.Type.RESTART, 2000)), 60,
                    failure.onNonCrashFailures());
            case "flag" -> failure = new ScmRegistration.FailureActions(failure.actions(),
                    failure.resetPeriodSeconds(), true);
            case "sid" -> sidType = ScmRegistration.SidType.RESTRICTED;
            case "privileges" -> privileges = List.of("SeChangeNotifyPrivilege", "SeCreateGlobalPrivilege");
            default -> throw new IllegalArgumentException(level);
        }
        return new ServiceConfig(c.name(), c.displayName(), c.binaryPath(), c.startType(), delayed, c.account(),
                c.dependencies(), description, failure, preshutdown, sidType, privileges);
    }
}
