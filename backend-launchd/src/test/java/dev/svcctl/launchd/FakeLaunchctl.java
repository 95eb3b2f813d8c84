package dev.svcctl.launchd;

import dev.svcctl.os.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * launchd as launchctl shows it, in memory: which labels are loaded and disabled, and what {@code print} answers
 * for each (a fixture). Records every argv; the deprecated verbs fail the test. Errors follow real launchctl: exit
 * 113 and "Could not find service" for an unknown service, "Bootstrap failed: 5: Input/output error" for a disabled
 * or already loaded one.
 */
final class FakeLaunchctl implements ProcessRunner {
    static final Set<String> MODERN_VERBS = Set.of("bootstrap", "bootout", "enable", "disable", "kickstart", "kill",
            "print");
    final List<List<String>> calls = new ArrayList<>();
    final Set<String> loaded = new HashSet<>();
    final Set<String> disabled = new HashSet<>();
    final Map<String, String> printFixture = new HashMap<>();
    final List<String> events;

    FakeLaunchctl(List<String> events) {
        this.events = events;
    }

    /** The calls without the command path, e.g. {@code [print, system/worker]}. */
    List<List<String>> verbs() {
        return calls.stream().map(c -> c.subList(1, c.size())).toList();
    }

    @Override
    public Result run(List<String> argv, Duration timeout) {
        calls.add(List.copyOf(argv));
        events.add("launchctl " + String.join(" ", argv.subList(1, argv.size())));
        String verb = argv.get(1);
        if (!MODERN_VERBS.contains(verb)) {
            throw new AssertionError("svcctl used a verb it must not use: " + argv);
        }
        List<String> args = argv.subList(2, argv.size());
        return switch (verb) {
            case "print" -> print(args.get(0));
            case "bootstrap" -> {
                String label = Path.of(args.get(1)).getFileName().toString().replace(".plist", "");
                if (disabled.contains(label) || loaded.contains(label)) {
                    yield new Result(5, "", "Bootstrap failed: 5: Input/output error\n");
                }
                loaded.add(label);
                yield ok();
            }
            case "bootout" -> loaded.remove(label(args.get(0))) ? ok()
                    : new Result(113, "", "Boot-out failed: 113: Could not find specified service\n");
            case "enable" -> {
                disabled.remove(label(args.get(0)));
                yield ok();
            }
            case "disable" -> {
                disabled.add(label(args.get(0)));
                yield ok();
            }
            case "kickstart", "kill" -> loaded.contains(label(args.get(args.size() - 1))) ? ok() : notFound(args.get(args.size() - 1));
            default -> throw new AssertionError(verb);
        };
    }

    private Result print(String target) {
        if (!target.contains("/") || target.startsWith("gui/") && target.split("/").length == 2) {
            StringBuilder block = new StringBuilder("\tdisabled services = {\n");
            disabled.stream().sorted().forEach(l -> block.append("\t\t\"").append(l).append("\" => disabled\n"));
            block.append("\t}\n");
            String domain = Fixtures.read("print-domain-system.txt");
            int start = domain.indexOf("\tdisabled services = {");
            int end = domain.indexOf("\t}\n", start) + 3;
            return new Result(0, domain.substring(0, start) + block + domain.substring(end), "");
        }
        String label = label(target);
        if (!loaded.contains(label)) {
            return notFound(target);
        }
        return new Result(0, printFixture.getOrDefault(label, Fixtures.read("print-running.txt"))
                .replace("system/worker = {", target + " = {"), "");
    }

    private static Result notFound(String target) {
        String domain = target.substring(0, target.lastIndexOf('/'));
        String label = target.substring(target.lastIndexOf('/') + 1);
        return new Result(113, "", "Could not find service \"" + label + "\" in domain for "
                + (domain.equals("system") ? "system" : "user gui: " + domain.substring(4)) + "\n");
    }

    private static String label(String target) {
        return target.substring(target.lastIndexOf('/') + 1);
    }

    private static Result ok() {
        return new Result(0, "", "");
    }
}
