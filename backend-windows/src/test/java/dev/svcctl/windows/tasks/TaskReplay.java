package dev.svcctl.windows.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a call sequence (src/test/resources/task-sequences) against a {@link TaskScheduler} and prints one result per
 * call, "N call -> result", so that two implementations can be compared line by line. Task names in a sequence are
 * relative to {@code folder}; XML documents are named: {@code a}, {@code b} (another description) and
 * {@code disabled}.
 */
final class TaskReplay {
    private final TaskScheduler tasks;
    private final String folder;

    TaskReplay(TaskScheduler tasks, String folder) {
        this.tasks = tasks;
        this.folder = folder;
    }

    /** A task as svcctl registers it (schema 1.2, at logon, the marker in Source), with a non-ASCII description. */
    static String xml(String id, String taskName) {
        boolean enabled = !id.equals("disabled");
        String description = id.equals("b") ? "Replay B" : "Replay A \u00fc\u2713";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n"
                + "  <RegistrationInfo>\n"
                + "    <Source>svcctl-managed spec=0123456789ab body=" + id + "</Source>\n"
                + "    <URI>" + taskName + "</URI>\n"
                + "    <Description>" + description + "</Description>\n"
                + "  </RegistrationInfo>\n"
                + "  <Triggers>\n    <LogonTrigger>\n      <Enabled>true</Enabled>\n    </LogonTrigger>\n  </Triggers>\n"
                + "  <Principals>\n    <Principal id=\"Author\">\n      <LogonType>InteractiveToken</LogonType>\n"
                + "      <RunLevel>LeastPrivilege</RunLevel>\n    </Principal>\n  </Principals>\n"
                + "  <Settings>\n    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
                + "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n"
                + "    <Enabled>" + enabled + "</Enabled>\n  </Settings>\n"
                + "  <Actions Context=\"Author\">\n    <Exec>\n      <Command>C:\\windows\\system32\\cmd.exe</Command>\n"
                + "      <Arguments>/c exit 0</Arguments>\n    </Exec>\n  </Actions>\n</Task>\n";
    }

    /** The same script in taskreplay.exe's input language: full task names, the XML as hex of UTF-16 code units. */
    static String comInput(List<String> script, String folder) {
        StringBuilder out = new StringBuilder();
        for (String line : script) {
            String[] words = line.replaceAll("#.*", "").strip().split("\\s+");
            if (words[0].isEmpty()) {
                out.append("#\n");
            } else if (words[0].equals("list")) {
                out.append("list ").append(folder).append('\n');
            } else {
                out.append(words[0]).append(' ').append(folder).append(words[1]);
                if (words.length > 2) {
                    out.append(' ');
                    xml(words[2], folder + words[1]).chars().forEach(c -> out.append(String.format("%04x", c)));
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    List<String> run(List<String> script) {
        List<String> out = new ArrayList<>();
        int number = 0;
        for (String line : script) {
            number++;
            String call = line.replaceAll("#.*", "").strip();
            if (call.isEmpty()) {
                continue;
            }
            out.add(number + " " + call + " -> " + call(call.split("\\s+")));
        }
        return out;
    }

    private String call(String[] words) {
        String name = words.length > 1 ? folder + words[1] : folder;
        try {
            switch (words[0]) {
                case "create", "replace" -> {
                    tasks.create(name, xml(words[2], name), words[0].equals("replace"));
                    return "ok";
                }
                case "query" -> {
                    Optional<RegisteredTask> t = tasks.query(name);
                    return t.map(r -> "present enabled=" + r.enabled() + " running=" + r.running()).orElse("absent");
                }
                case "run" -> {
                    tasks.run(name);
                    return "ok";
                }
                case "end" -> {
                    tasks.end(name);
                    return "ok";
                }
                case "delete" -> {
                    tasks.delete(name);
                    return "ok";
                }
                case "list" -> {
                    return "tasks=" + String.join(",", tasks.list(folder).stream()
                            .map(n -> n.substring(folder.length())).toList());
                }
                default -> throw new IllegalArgumentException("unknown call " + words[0]);
            }
        } catch (TaskException e) {
            return "error " + (e.code() == TaskException.UNKNOWN ? "?" : Integer.toString(e.code()));
        }
    }
}
