package dev.svcctl.windows.runkey;

import dev.svcctl.backend.ManagedMarker;
import java.util.Optional;

/**
 * A user-scope service started at logon by a value under {@code HKCU\Software\Microsoft\Windows\CurrentVersion\Run}
 * ({@code platform.windows.userAutostart: runKey}), with the scheduled task's ownership and update rules.
 *
 * <p>Ownership: the Run value's data is a command line Explorer runs at logon, so it cannot carry a marker (anything
 * added would be run or passed to the program), and a second value in the Run key would itself be run. So svcctl
 * records the marker in a key of its own, {@code HKCU\Software\svcctl\RunKey}, value NAME: the
 * {@link ManagedMarker} text (the spec's fingerprint and the hash of the Run data it wrote). svcctl touches a Run
 * value only when that record exists; a Run value of the name without it is someone else's: refused and left alone
 * (unless {@code --force}, which takes it over). Data that differs from the recorded hash but still runs svcctl with
 * this service's spec copy was edited by hand (drift): install writes it back. Data that no longer names that spec
 * copy is someone else's, record or not (the user deleted svcctl's value and another program took the name), and is
 * left alone like any foreign value. Uninstall deletes the Run value and the record, nothing it does not own.
 */
public final class RunKeyAutostart {
    public static final String RUN_KEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Run";
    public static final String MARKER_KEY = "Software\\svcctl\\RunKey";

    private final UserRegistry registry;

    public RunKeyAutostart(UserRegistry registry) {
        this.registry = registry;
    }

    /** What is there for a name. */
    public enum State { ABSENT, OURS, DRIFTED, FOREIGN, RECORD_ONLY }

    /** What install did. */
    public enum Outcome { CREATED, UPDATED, REPAIRED, TAKEN_OVER, UNCHANGED }

    /** The value belongs to someone else and {@code force} was not given: nothing was changed. */
    public static final class ForeignValueException extends Exception {
        public ForeignValueException(String name) {
            super("the Run value '" + name + "' under HKCU\\" + RUN_KEY + " was not written by svcctl");
        }
    }

    public State state(String name) throws UserRegistry.RegistryException {
        Optional<String> data = registry.get(RUN_KEY, name);
        Optional<ManagedMarker> marker = registry.get(MARKER_KEY, name).flatMap(ManagedMarker::find);
        if (data.isEmpty()) {
            return marker.isPresent() ? State.RECORD_ONLY : State.ABSENT;
        }
        if (marker.isEmpty()) {
            return State.FOREIGN;
        }
        if (marker.get().matches(data.get())) {
            return State.OURS;
        }
        return names(data.get(), name) ? State.DRIFTED : State.FOREIGN;
    }

    /** Whether a Run value's command line is still svcctl's for {@code name}: it names that service's spec copy. */
    private static boolean names(String commandLine, String name) {
        String lower = commandLine.toLowerCase(java.util.Locale.ROOT);
        return lower.contains(("\\svcctl\\services\\" + name + ".yaml").toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether svcctl installed {@code name} as a Run-key autostart (its record exists). */
    public boolean installed(String name) throws UserRegistry.RegistryException {
        return registry.get(MARKER_KEY, name).flatMap(ManagedMarker::find).isPresent();
    }

    /** The names svcctl installed as Run-key autostarts (those with a record). */
    public java.util.List<String> installedNames() throws UserRegistry.RegistryException {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (String name : registry.names(MARKER_KEY)) {
            if (installed(name)) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * Writes the Run value {@code name} with {@code commandLine} for the spec of fingerprint {@code fingerprint}, and
     * its record; a foreign value is refused without {@code force}. With {@code dryRun} nothing is written.
     */
    public Outcome apply(String name, String commandLine, String fingerprint, boolean force, boolean dryRun)
            throws UserRegistry.RegistryException, ForeignValueException {
        State state = state(name);
        String marker = ManagedMarker.of(fingerprint, commandLine).text();
        Outcome outcome = switch (state) {
            case ABSENT, RECORD_ONLY -> Outcome.CREATED;
            case FOREIGN -> {
                if (!force) {
                    throw new ForeignValueException(name);
                }
                yield Outcome.TAKEN_OVER;
            }
            case DRIFTED -> Outcome.REPAIRED;
            case OURS -> registry.get(MARKER_KEY, name).orElse("").equals(marker)
                    && registry.get(RUN_KEY, name).orElse("").equals(commandLine) ? Outcome.UNCHANGED
                    : Outcome.UPDATED;
        };
        if (outcome != Outcome.UNCHANGED && !dryRun) {
            // The record first: a crash between the two leaves a record without (or with an older) value, which the
            // next install completes, never a value svcctl wrote that it would later call foreign.
            registry.set(MARKER_KEY, name, marker);
            registry.set(RUN_KEY, name, commandLine);
        }
        return outcome;
    }

    /** Deletes the Run value and its record when svcctl owns them; answers whether there was one. */
    public boolean remove(String name, boolean dryRun) throws UserRegistry.RegistryException, ForeignValueException {
        State state = state(name);
        if (state == State.FOREIGN) {
            throw new ForeignValueException(name);
        }
        if (state == State.ABSENT) {
            return false;
        }
        if (!dryRun) {
            registry.delete(RUN_KEY, name);
            registry.delete(MARKER_KEY, name);
        }
        return true;
    }
}
