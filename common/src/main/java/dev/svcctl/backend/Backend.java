package dev.svcctl.backend;

import dev.svcctl.logs.LogStream;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.SpecProblem;
import java.io.OutputStream;
import java.util.List;

/**
 * One init system: systemd, Windows SCM or launchd. Implementations are found with {@link java.util.ServiceLoader}
 * and must be cheap to construct: nothing platform-specific (JNA, processes) may happen before a method that
 * needs it is called.
 *
 * <p>{@link #check} and {@link #render} are pure and work on any host. The operations act on this host through
 * the backend's ports.
 */
public interface Backend {

    /** The name used with {@code --backend}: systemd, windows, launchd. */
    String id();

    /** Whether this host runs this init system. */
    boolean detect(Host host);

    /** What of the spec this backend cannot honour; empty when it can render it. */
    List<SpecProblem> check(ServiceSpec spec);

    /**
     * The files and registration the spec becomes, computed without touching the host.
     *
     * @throws UnsupportedSpecException when {@link #check} finds problems
     */
    Rendering render(ServiceSpec spec, RenderOptions options) throws UnsupportedSpecException;

    default List<InstallResult> install(List<ServiceSpec> specs, InstallOptions options) throws BackendException {
        throw notYet("install");
    }

    /**
     * Removes the services' files and registrations. Answers what was put back besides (a file or registration
     * that {@code install --force} took over, as it was), one line each; empty when nothing was.
     */
    default List<String> uninstall(List<String> names, InstallOptions options) throws BackendException {
        throw notYet("uninstall");
    }

    default void start(List<String> names, boolean user) throws BackendException {
        throw notYet("start");
    }

    default void stop(List<String> names, boolean user) throws BackendException {
        throw notYet("stop");
    }

    default void restart(List<String> names, boolean user) throws BackendException {
        throw notYet("restart");
    }

    default void reload(List<String> names, boolean user) throws BackendException {
        throw notYet("reload");
    }

    /**
     * Makes installed services start at boot (at logon for {@code user} services) without editing their spec, and
     * answers per service whether that changed anything. Enablement is state, not spec: it lasts until the spec's
     * {@code startup} changes (an install of a spec whose startup differs from the installed one applies it again).
     * Starting now is the caller's ({@link ServiceActions#enable}). Services svcctl did not install are refused.
     */
    default List<Enablement> enable(List<String> names, boolean user) throws BackendException {
        throw notYet("enable");
    }

    /** The opposite of {@link #enable}: the services stay installed and can be started by hand. */
    default List<Enablement> disable(List<String> names, boolean user) throws BackendException {
        throw notYet("disable");
    }

    /**
     * What is installed for a service ({@code svcctl cat}): svcctl's own files as they are now (unit, plist or task
     * XML, environment file, spec copy), in the order the init system reads them, each with {@link
     * Artifact#printable()} masking the values of {@code env} ({@link dev.svcctl.install.InstalledFiles}). A service
     * of that name that svcctl did not install is refused (exit 1), none at all is exit 4.
     */
    default List<Artifact> installedFiles(String name, boolean user) throws BackendException {
        throw notYet("cat");
    }

    default List<ServiceStatus> status(List<String> names, boolean user) throws BackendException {
        throw notYet("status");
    }

    default List<ServiceStatus> list(boolean user) throws BackendException {
        throw notYet("list");
    }

    /**
     * Prints the last {@code lines} lines of a service's output on {@code out}, bytes as they were written, then with
     * {@code follow} keeps printing new ones until the thread is interrupted. {@code stream} is the program's stream
     * to show: its own file when it is written to one ({@link dev.svcctl.logs.ServiceLogs}); a journal that mixes
     * both streams shows stdout only, and refuses stderr (exit code USAGE).
     */
    default void logs(String name, LogStream stream, int lines, boolean follow, boolean user, OutputStream out)
            throws BackendException {
        throw notYet("logs");
    }

    /** The error for an operation this version of the backend does not do yet. */
    default BackendException notYet(String operation) {
        return new BackendException(ExitCode.FAILED,
                "'" + operation + "' is not available for the " + id() + " backend in this version of svcctl",
                "it comes in a later version; 'svcctl render' shows what would be installed");
    }
}
