package dev.svcctl.windows;

import dev.svcctl.backend.ManagedMarker;
import dev.svcctl.spec.ServiceSpec;
import dev.svcctl.spec.Startup;
import java.util.List;
import java.util.function.Function;

/**
 * {@code scope: user} on Windows: an at-logon Scheduled Task (Task Scheduler schema 1.2) that runs
 * {@code svcctl run FILE} (on svcctl's Java, see {@link WindowsLaunch}) in the user's session, with the spec stored under %LOCALAPPDATA%\svcctl\services. Task
 * Scheduler expands environment variables in Arguments; svcctl run supervises the program (restarts, logs), so the
 * task itself has no restart settings and no time limit.
 */
final class ScheduledTaskRenderer {
    static final String TASK_FOLDER = "\\svcctl\\";
    static final String USER_SPEC_DIR = "%LOCALAPPDATA%\\svcctl\\services\\";
    /** The same files as install paths for render -o (home-relative). */
    static final String USER_SPEC_INSTALL_DIR = "~/AppData/Local/svcctl/services/";
    static final String USER_TASK_INSTALL_DIR = "~/AppData/Local/svcctl/tasks/";
    static final String DELAYED_LOGON = "PT1M";
    /**
     * Settings/Priority: 4 is NORMAL_PRIORITY_CLASS with normal thread, I/O and memory priority, exactly what a
     * program the user starts by hand gets (5 and 6 are the same class with a lower memory priority; Task
     * Scheduler's default 7 is BELOW_NORMAL_PRIORITY_CLASS with low I/O priority, meant for background jobs).
     */
    static final int PRIORITY = 4;
    /** The logon user when the environment names none (a render off Windows); install only ever runs on Windows. */
    static final String UNKNOWN_USER = "%USERDOMAIN%\\%USERNAME%";

    private ScheduledTaskRenderer() {
    }

    static String taskName(ServiceSpec spec) {
        return TASK_FOLDER + spec.name();
    }

    /**
     * The task's Arguments: {@link WindowsLaunch#taskArguments} quoted for the C runtime, where an argument that names
     * an environment variable is always quoted, because Task Scheduler expands it first and %LOCALAPPDATA% may hold
     * spaces (it is a path without quotes that does not end with a backslash, so plain quotes keep it whole).
     */
    static String arguments(ServiceSpec spec, WindowsLaunch launch) {
        StringBuilder line = new StringBuilder();
        for (String arg : launch.taskArguments(USER_SPEC_DIR + spec.name() + ".yaml")) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(arg.indexOf('%') >= 0 ? "\"" + arg + "\"" : WindowsCommandLine.quoteArgument(arg));
        }
        return line.toString();
    }

    /**
     * The task XML as a file: svcctl's marker in a comment after the XML declaration, where the install engine
     * looks for it. Task Scheduler drops comments, so the registered task carries it in RegistrationInfo/Source.
     */
    static String withMarkerComment(String taskXml, ManagedMarker marker) {
        int declarationEnd = taskXml.indexOf('\n') + 1;
        return taskXml.substring(0, declarationEnd) + "<!-- " + marker.text() + " -->\n"
                + taskXml.substring(declarationEnd);
    }

    /**
     * The user whose logon starts the task: the installing user, DOMAIN\\name from USERDOMAIN and USERNAME (as
     * Windows sets them for every logon session), the name alone without a domain.
     */
    static String logonUser(Function<String, String> environment) {
        String user = environment.apply("USERNAME");
        if (user == null || user.isEmpty()) {
            return UNKNOWN_USER;
        }
        String domain = environment.apply("USERDOMAIN");
        return domain == null || domain.isEmpty() ? user : domain + "\\" + user;
    }

    /**
     * The task XML. The LogonTrigger names {@code logonUser}: without a UserId it fires at every user's logon, and
     * only an administrator may register such a trigger.
     */
    static String render(ServiceSpec spec, WindowsLaunch launch, String logonUser) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n");
        x.append("  <RegistrationInfo>\n");
        x.append("    <URI>").append(escape(taskName(spec))).append("</URI>\n");
        x.append("    <Description>").append(escape(spec.description().orElse(spec.displayName())))
                .append("</Description>\n");
        x.append("  </RegistrationInfo>\n");
        x.append("  <Triggers>\n");
        if (spec.startup() != Startup.MANUAL) {
            x.append("    <LogonTrigger>\n");
            x.append("      <Enabled>true</Enabled>\n");
            x.append("      <UserId>").append(escape(logonUser)).append("</UserId>\n");
            if (spec.startup() == Startup.DELAYED) {
                x.append("      <Delay>").append(DELAYED_LOGON).append("</Delay>\n");
            }
            x.append("    </LogonTrigger>\n");
        }
        x.append("  </Triggers>\n");
        x.append("  <Principals>\n");
        x.append("    <Principal id=\"Author\">\n");
        x.append("      <LogonType>InteractiveToken</LogonType>\n");
        x.append("      <RunLevel>LeastPrivilege</RunLevel>\n");
        x.append("    </Principal>\n");
        x.append("  </Principals>\n");
        x.append("  <Settings>\n");
        x.append("    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n");
        x.append("    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n");
        x.append("    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n");
        x.append("    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n");
        x.append("    <Enabled>").append(spec.startup() != Startup.DISABLED).append("</Enabled>\n");
        x.append("    <Hidden>false</Hidden>\n");
        x.append("    <Priority>").append(PRIORITY).append("</Priority>\n");
        x.append("  </Settings>\n");
        x.append("  <Actions Context=\"Author\">\n");
        x.append("    <Exec>\n");
        x.append("      <Command>").append(escape(launch.javawExe())).append("</Command>\n");
        x.append("      <Arguments>").append(escape(arguments(spec, launch))).append("</Arguments>\n");
        x.append("    </Exec>\n");
        x.append("  </Actions>\n");
        x.append("</Task>\n");
        return x.toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
