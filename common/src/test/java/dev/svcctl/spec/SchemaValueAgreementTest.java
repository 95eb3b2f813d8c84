package dev.svcctl.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.ValidationMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Value by value, the schema's patterns, enums and ranges accept exactly what the model accepts. Each row puts one
 * YAML value (as written in a file) at one key of an otherwise valid spec.
 */
class SchemaValueAgreementTest {
    private static final boolean OK = true;
    private static final boolean BAD = false;

    static Stream<Arguments> values() {
        List<Arguments> rows = new ArrayList<>();
        key(rows, "name", OK, "billing-api", "a", "A.b_c-1", "9lives", "a".repeat(80));
        key(rows, "name", BAD, "''", "-x", ".x", "_x", "'a b'", "a/b", "a".repeat(81), "ü", "123", "a:b", "true");
        key(rows, "name", OK, "app@1", "postgresql@15-main", "getty@tty1", "a@.b", "a@" + "b".repeat(78));
        key(rows, "name", BAD, "'@x'", "app@", "'a@b@c'", "'a@b c'", "a@b/c", "a@" + "b".repeat(79), "a@b.");
        key(rows, "name", OK, "CONSOLE", "nulls", "COM10", "LPT", "con-1", "a.b", "com1x", "aux_", "prn-nul.txt");
        key(rows, "name", BAD, "CON", "con", "Nul", "nul.txt", "COM1", "com9", "COM0", "LPT1", "lpt9.log", "AUX",
                "prn", "'aux.tar.gz'", "a.", "a..", "'nul.'");
        key(rows, "exec", OK, "/bin/true", "true-ish", "node", "'C:\\app\\x.exe'", "'\\\\srv\\share\\x.exe'", "7z");
        key(rows, "exec", BAD, "''", "bin/x", "./x", "'a\\b'", "/a/../b", "/a/", "123", "[a]");
        key(rows, "workingDirectory", OK, "/", "/var/lib/x", "/a/.hidden", "/a/..b", "/a/b.", "'C:\\x'", "C:/x",
                "'\\\\srv\\share'", "'c:\\'", "'/a b/c'");
        key(rows, "workingDirectory", BAD, "var", "./x", "/a/", "/a//b", "/a/./b", "/a/../b", "/a/.", "/a/..", "''",
                "'C:x'", "'\\x'", "~/x", "'\"/a\\0b\"'", "\"/a\\0b\"");
        key(rows, "user", OK, "billing", "_x", "svc$", "'1000'", "1000", "a.b-c", "true", "yes", "a".repeat(32));
        key(rows, "user", BAD, "'-1'", "-1", "'a b'", "'root;x'", "1.5", "ü", "a".repeat(33), "''", "[root]");
        key(rows, "description", OK, "'one line'", "\"tab\\tinside\"", "'émoji 🚀 and עברית'", "''");
        key(rows, "description", BAD, "\"two\\nlines\"", "\"cr\\r\"", "\"del\\x7f\"", "\"bell\\a\"", "42", "true");
        key(rows, "args", OK, "[a, 1, 1.5, true, '', \"x y\"]", "[]", "[0x10, .inf, 2001-12-14]");
        key(rows, "args", BAD, "[null]", "[[a]]", "[{a: b}]", "a", "{a: b}", "[\"a\\0\"]");
        key(rows, "restart.delay", OK, "0", "'0'", "0s", "250ms", "5s", "1m30s", "2h", "1d", "1d2h3m4s5ms", "90s",
                "00s", "3650d", "00", "0x0", "-0");
        key(rows, "restart.delay", BAD, "5", "'5'", "1.5s", "5S", "1m1m", "30s1m", "5 s", "''", "-5s", "1ms1s",
                "5sec", "1h30", "true", "[5s]", "1ms5", "0x10", "1:30");
        key(rows, "stop.timeout", OK, "1ms", "1s", "30s");
        key(rows, "stop.timeout", BAD, "0", "'0'", "0s", "00", "0x0", "-0");
        key(rows, "restart.window", OK, "1ms", "60s", "1d");
        key(rows, "restart.window", BAD, "0", "0s", "0m0s", "'0'");
        key(rows, "limits.memory", OK, "512KB", "10MB", "1GB", "2GiB", "'1024'", "1024", "10 MB", "1TB", "7B", "1K",
                "'01MB'", "0x100000", "1_048_576");
        key(rows, "limits.memory", BAD, "0", "'0'", "0MB", "10mb", "1.5GB", "-1MB", "-1", "10 megabytes", "MB",
                "''", "true", "1.5", "10PB");
        key(rows, "limits.cpu", OK, "50%", "150%", "1%", "999999%", "0050%");
        key(rows, "limits.cpu", BAD, "0%", "000%", "1000000%", "'50'", "50", "1.5%", "'%'", "-5%", "'50 %'");
        key(rows, "limits.openFiles", OK, "1", "65536", "2147483647", "0x10000", "1_024", "0b101", "010", "1:30");
        key(rows, "limits.openFiles", BAD, "0", "-1", "2147483648", "'1024'", "1.5", "infinity");
        key(rows, "priority", OK, "-20", "0", "19", "+5", "-0x14", "0b10011");
        key(rows, "priority", BAD, "-21", "20", "'5'", "1.5", "high", "0x14", "99999999999999999999");
        key(rows, "restart.successExitCodes", OK, "[0, 1, 255]", "[]");
        key(rows, "restart.successExitCodes", BAD, "[256]", "[-1]", "['0']", "0");
        key(rows, "restart.onExit", OK, "{'3': stop, '75': restart}", "{0: restart, 255: stop}", "{}");
        key(rows, "restart.onExit", BAD, "{'256': stop}", "{'-1': stop}", "{'03': stop}", "{a: stop}",
                "{'3': pause}", "{'3': Stop}", "{'3': [stop]}", "[3]", "stop");
        key(rows, "hooks", OK, "{preStart: [/bin/migrate, --check]}", "{postStop: [cleanup, 1]}",
                "{preStart: [/a], postStop: [/b], timeout: 30s}");
        key(rows, "hooks", BAD, "{}", "{timeout: 30s}", "{preStart: []}", "{preStart: [bin/x]}", "{preStart: /bin/x}",
                "{postStop: [/b], timeout: 0}", "{postStop: [/b], timeout: 5}", "{postStop: [/b], every: 1s}",
                "{preStart: [null]}");
        key(rows, "cpuAffinity", OK, "[0]", "[0, 2]", "[3, 1]", "[4095]");
        key(rows, "cpuAffinity", BAD, "[]", "[-1]", "[0, 0]", "[4096]", "['0']", "0", "[all]", "[1.5]");
        key(rows, "restart.policy", OK, "always", "on-failure", "never");
        key(rows, "restart.policy", BAD, "Always", "on_failure", "'no'", "true");
        key(rows, "stop.signal", OK, "TERM", "SIGTERM", "USR1", "SIGUSR2", "KILL");
        key(rows, "stop.signal", BAD, "term", "SIGSTOP", "15", "''", "SIG");
        key(rows, "after", OK, "[network, network-online, time-sync, filesystems]", "[]");
        key(rows, "after", BAD, "[network_online]", "[Network]", "network");
        key(rows, "dependsOn", OK, "[postgresql, a.b-c_d, syslog.socket, postgresql@15-main, remote-fs.target]");
        key(rows, "dependsOn", BAD, "['a b']", "['']", "[1]", "[nul]", "[x.]");
        key(rows, "healthCheck.tcp", OK, "127.0.0.1:5432", "localhost:1", "'[::1]:8080'", "h:65535", "h:0080",
                "h:00001");
        key(rows, "healthCheck.tcp", BAD, "h:0", "h:00", "h:65536", "h:99999", "':80'", "h", "'h:'", "h:123456",
                "h:8a", "5432");
        key(rows, "healthCheck.http", OK, "http://127.0.0.1:8080/health", "https://example.com",
                "'http://h/?q=1#x'", "http://h:8080");
        key(rows, "healthCheck.http", BAD, "ftp://h/", "'http://'", "'http:///x'", "HTTP://h", "'http://h /x'",
                "//h/x", "h:80");
        key(rows, "healthCheck.exec", OK, "[/bin/check]", "[check, --deep]", "['C:\\check.exe', 1]");
        key(rows, "healthCheck.exec", BAD, "[]", "[bin/check]", "/bin/check", "[null]");
        key(rows, "readiness", OK, "{notify: true}", "{notify: true, timeout: 5s}", "{tcp: '127.0.0.1:6379'}",
                "{http: 'http://127.0.0.1:8080/ready'}", "{exec: [/bin/ready, --now]}", "{pidFile: /run/x.pid}");
        key(rows, "readiness", BAD, "{}", "{notify: false}", "{notify: yes please}", "{tcp: 'h:0'}",
                "{notify: true, tcp: 'h:1'}", "{pidFile: run/x.pid}", "{exec: []}", "{notify: true, timeout: 0}",
                "{timeout: 5s}", "{notify: true, every: 1s}", "true");
        key(rows, "watchdog", BAD, "30s", "0");
        key(rows, "env", OK, "{A: b, _x: 1, B2: true, C: ''}", "{}");
        key(rows, "env", BAD, "{1A: b}", "{A-B: c}", "{A: null}", "{A: [b]}", "{'': x}");
        key(rows, "platform.systemd.service", OK, "{LimitCORE: infinity, Nice: 5, X: [a, 1, true], Y: []}");
        key(rows, "platform.systemd.service", BAD, "{'Limit CORE': x}", "{X: \"a\\nb\"}", "{X: null}",
                "{X: {a: b}}", "{X: [[a]]}", "{1X: a}");
        key(rows, "platform.windows.account", OK, "LocalSystem", "'DOMAIN\\user'", "user@domain", "gMSA$",
                "'NT SERVICE\\x'");
        key(rows, "platform.windows.account", BAD, "''", "\"a\\tb\"", "1");
        key(rows, "platform.windows.passwordEnv", OK, "BILLING_PW");
        key(rows, "platform.windows.passwordEnv", BAD, "BILLING-PW", "''");
        key(rows, "platform.windows.sidType", OK, "none", "unrestricted", "restricted");
        key(rows, "platform.windows.sidType", BAD, "Restricted", "write-restricted", "''", "true", "[none]", "1");
        key(rows, "platform.windows.requiredPrivileges", OK, "[SeChangeNotifyPrivilege]", "[]",
                "[SeChangeNotifyPrivilege, SeCreateGlobalPrivilege, SeImpersonatePrivilege]");
        key(rows, "platform.windows.requiredPrivileges", BAD, "SeChangeNotifyPrivilege", "[seChangeNotifyPrivilege]",
                "[SeChangeNotify]", "[ChangeNotifyPrivilege]", "['Se Change Privilege']", "[SePrivilege]",
                "['']", "[null]", "[1]", "[SeBackupPrivilege2]", "[[SeBackupPrivilege]]");
        key(rows, "platform.launchd.label", OK, "com.example.billing", "a", "'1x'");
        key(rows, "platform.launchd.label", BAD, "'a b'", "-a", "''", "'a/b'");
        key(rows, "platform.launchd.plist", OK, "{A: 1, B: [x, 2.5, {C: true}], D: {}}", "{A: 0x10, B: 9223372036854775807}");
        key(rows, "platform.launchd.plist", BAD, "{A: null}", "{A: [null]}", "[a]", "x");
        // From the table: each key's default, written out, is valid under both (a health check also needs a probe).
        for (SpecKey key : SpecMapping.KEYS) {
            if (key.defaultJson() != null && !key.path().startsWith("healthCheck.")
                    && !key.path().startsWith("readiness.") && !key.path().startsWith("hooks.")) {
                key(rows, key.path(), OK, key.defaultJson());
            }
        }
        return rows.stream();
    }

    private static void key(List<Arguments> rows, String keyPath, boolean valid, String... yamlValues) {
        for (String value : yamlValues) {
            rows.add(Arguments.of(keyPath, value, valid));
        }
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @MethodSource("values")
    void modelAndSchemaGiveTheSameVerdict(String keyPath, String yamlValue, boolean valid) throws Exception {
        byte[] spec = specWith(keyPath, yamlValue).getBytes(StandardCharsets.UTF_8);
        String modelErrors;
        try {
            SpecLoader.parse("spec.yaml", spec);
            modelErrors = "";
        } catch (InvalidSpecException e) {
            modelErrors = e.getMessage();
        }
        Set<ValidationMessage> schemaErrors = SpecSchema.validateYaml(spec);
        assertEquals(valid, modelErrors.isEmpty(), "model: " + modelErrors);
        assertEquals(valid, schemaErrors.isEmpty(), "schema: "
                + schemaErrors.stream().map(ValidationMessage::getMessage).collect(Collectors.joining(" | ")));
    }

    /** A valid spec with {@code yamlValue} at {@code keyPath}, nested in block maps. */
    static String specWith(String keyPath, String yamlValue) {
        StringBuilder yaml = new StringBuilder();
        if (!keyPath.equals("name")) {
            yaml.append("name: svc\n");
        }
        if (!keyPath.equals("exec")) {
            yaml.append("exec: /bin/true\n");
        }
        String[] parts = keyPath.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            yaml.append("  ".repeat(i)).append(parts[i]).append(':');
            yaml.append(i == parts.length - 1 ? " " + yamlValue + "\n" : "\n");
        }
        return yaml.toString();
    }
}
