package dev.svcctl.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code logs --json}: the bytes a backend writes, cut into lines (UTF-8, bytes that are not UTF-8 replaced by
 * U+FFFD, a trailing CR dropped). Without --follow the lines are collected into one document ({@code "lines": [...]}); with
 * --follow each line is a one-line document of its own as it arrives (JSON Lines), since the stream has no end.
 */
final class JsonLogLines extends OutputStream {
    private final PrintWriter out;
    private final Map<String, Object> header;
    private final boolean follow;
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    JsonLogLines(PrintWriter out, String service, String stream, boolean follow) {
        this.out = out;
        this.follow = follow;
        this.header = Json.object();
        header.put("service", service);
        header.put("stream", stream);
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            endLine();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void endLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String text = new String(bytes, 0, n, StandardCharsets.UTF_8);
        if (follow) {
            Map<String, Object> document = Json.object();
            document.putAll(header);
            document.put("line", text);
            Json.printLine(out, document);
        } else {
            lines.add(text);
        }
    }

    /** Prints what is left: a last line without its newline, and without --follow the whole document. */
    synchronized void finish() {
        if (line.size() > 0) {
            endLine();
        }
        if (!follow) {
            Map<String, Object> document = Json.object();
            document.putAll(header);
            document.put("lines", lines);
            Json.print(out, document);
        }
    }
}
