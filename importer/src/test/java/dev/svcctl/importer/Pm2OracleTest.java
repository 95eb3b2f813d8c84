package dev.svcctl.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.Gson;
import com.google.gson.JsonParser;
import dev.svcctl.importer.unix.Pm2Args;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** pm2's cutting of a string {@code args}, reproduced in Java, against node running the same expression. */
class Pm2OracleTest {
    @Test
    void stringArgsAreCutAsNodeCutsThem() throws Exception {
        Oracles.require("node");
        List<String> inputs = new ArrayList<>(List.of("", "start", "--port 8080", "--port  8080",
                "--queue  default --title=\"night shift\" 'single quoted' \"double quoted\"",
                "a\tb  c name='x y' --flag \"\" 'it''s'", "--opt=\"a b\"c", "x= \"y\"", "  lead", "trail  ",
                "ünï  cödé 😀", "\u00a0 nbsp", "a\u3000 b"));
        String alphabet = "ab= \t\"'\\-_x\u00a0é😀";
        inputs.addAll(Oracles.randomStrings(18, 500, 16, alphabet));
        Gson gson = new Gson();
        String[] rows = Oracles.run(List.of("node", Oracles.script("pm2_args_oracle.js").toString()),
                Oracles.jsonLines(inputs)).split("\n");
        assertEquals(inputs.size(), rows.length);
        for (int i = 0; i < inputs.size(); i++) {
            List<String> node = new ArrayList<>();
            JsonParser.parseString(rows[i]).getAsJsonArray().forEach(e -> node.add(e.getAsString()));
            assertEquals(node, Pm2Args.split(inputs.get(i)), "pm2 args " + gson.toJson(inputs.get(i)));
        }
    }
}
