package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.svcctl.importer.unix.PythonShlex;
import dev.svcctl.spec.ServiceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exactness oracle for supervisord: Python itself (configparser, % formatting, shlex) reads every corpus file as
 * supervisord does, and each imported program's argv and environment must equal Python's, string for string; a
 * file Python refuses must be refused. Plus the two shlex lexers against Python on generated hostile strings.
 */
class SupervisordOracleTest {
    private static final Map<String, String> ENVIRON = Map.of("HOME", "/root");

    @Test
    void everyCorpusProgramGetsTheArgvAndEnvironmentPythonGives() throws Exception {
        Oracles.require("python3");
        List<Path> files = Corpus.files("supervisord");
        List<String> command = new ArrayList<>(List.of("python3", Oracles.script("supervisord_oracle.py").toString(),
                new Gson().toJson(ENVIRON)));
        files.forEach(f -> command.add(f.toString()));
        JsonObject python = JsonParser.parseString(Oracles.run(command, "")).getAsJsonObject();
        int programs = 0;
        int refusals = 0;
        for (Path file : files) {
            JsonObject expected = python.getAsJsonObject(file.toString());
            boolean pythonRefuses = expected.entrySet().stream()
                    .anyMatch(e -> e.getValue().getAsJsonObject().has("error"));
            ImportResult result;
            try {
                result = new SupervisordImporter(ENVIRON).read(Corpus.source(file));
            } catch (ImportException e) {
                assertTrue(pythonRefuses, file.getFileName() + ": the import refused (" + e.getMessage()
                        + ") but supervisord's Python reads " + expected);
                refusals++;
                continue;
            }
            assertFalse(pythonRefuses, file.getFileName() + ": Python refuses " + expected + ", the import did not");
            assertEquals(expected.size(), result.specs().size(), file.getFileName() + ": programs");
            for (ServiceSpec spec : result.specs()) {
                JsonObject want = expected.getAsJsonObject(spec.name());
                List<String> argv = strings(want.getAsJsonArray("argv"));
                if (!argv.get(0).startsWith("/") && argv.get(0).contains("/")) {
                    // a relative program runs from directory=: the import writes that path out
                    argv.set(0, spec.workingDirectory().orElseThrow() + "/" + argv.get(0));
                }
                assertEquals(argv, spec.argv(), file.getFileName() + " [" + spec.name() + "] argv");
                Map<String, String> env = new LinkedHashMap<>();
                want.getAsJsonObject("env").entrySet().forEach(e -> env.put(e.getKey(), e.getValue().getAsString()));
                assertEquals(env, spec.env(), file.getFileName() + " [" + spec.name() + "] environment");
                programs++;
            }
        }
        System.out.println("supervisord oracle: " + programs + " programs in " + files.size()
                + " files equal to Python's; " + refusals + " files refused by both");
        assertTrue(programs >= 15, "the corpus holds at least 15 programs");
    }

    @Test
    void bothLexersAgreeWithPythonOnHostileStrings() throws Exception {
        Oracles.require("python3");
        String alphabet = "ab \t\n\"'\\#;=,%é😀:/().-+_$";
        List<String> inputs = new ArrayList<>(List.of("", " ", "\"\"", "''", "a\\", "\"a\\\"b\"", "'a\\'", "x#y z",
                "A=\"1,2\",B=c", "K=v #c\nL=w", "\"unclosed", "a\\\nb"));
        inputs.addAll(Oracles.randomStrings(18, 600, 14, alphabet));
        Gson gson = new Gson();
        String[] rows = Oracles.run(List.of("python3", Oracles.script("shlex_oracle.py").toString()),
                Oracles.jsonLines(inputs)).split("\n");
        assertEquals(inputs.size(), rows.length);
        for (int i = 0; i < inputs.size(); i++) {
            JsonObject row = JsonParser.parseString(rows[i]).getAsJsonObject();
            String in = inputs.get(i);
            assertEquals(describe(row.get("split")), splitOrError(in), "shlex.split of " + gson.toJson(in));
            assertEquals(describe(row.get("classic")), classicOrError(in), "classic shlex of " + gson.toJson(in));
        }
    }

    private static String splitOrError(String s) {
        try {
            return PythonShlex.split(s).toString();
        } catch (PythonShlex.ShlexException e) {
            return "error " + e.getMessage();
        }
    }

    private static String classicOrError(String s) {
        try {
            return PythonShlex.classicTokens(s).toString();
        } catch (PythonShlex.ShlexException e) {
            return "error " + e.getMessage();
        }
    }

    private static String describe(JsonElement e) {
        return e.isJsonArray() ? strings(e.getAsJsonArray()).toString() : e.getAsString();
    }

    private static List<String> strings(com.google.gson.JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.getAsString()));
        return out;
    }
}
