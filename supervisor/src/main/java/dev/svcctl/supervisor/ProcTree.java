package dev.svcctl.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Linux's process tree as /proc shows it, read one process at a time: a process's children from
 * /proc/PID/task/TID/children (every thread's: a child belongs to the thread that forked it, or that adopted it),
 * and whether it has ended from /proc/PID/stat. Reading only the processes of one tree is cheap whatever else
 * runs on the machine, unlike the JDK's ProcessHandle walk, which reads every process there is.
 */
final class ProcTree {
    private ProcTree() {
    }

    /** The children of {@code pid}, zombies included; empty once it has gone. */
    static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                String list = read(task.resolve("children"));
                for (String child : list.trim().split(" ")) {
                    if (!child.isEmpty()) {
                        children.add(Long.parseLong(child));
                    }
                }
            }
        } catch (IOException gone) {
            // ended meanwhile: no children left to it
        }
        return children;
    }

    /** Whether {@code pid} has ended: gone, or a zombie waiting for its parent to collect its status. */
    static boolean hasEnded(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // "PID (COMM) STATE ...": COMM may hold spaces and parentheses, so the state follows the last ')'.
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) {
            return true;
        }
        char state = stat.charAt(close + 2);
        return state == 'Z' || state == 'X';
    }

    /** The parent of {@code pid} (/proc/PID/stat's ppid); -1 once it has gone. */
    static long parent(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // "PID (COMM) STATE PPID ...": the fields after the last ')' are plain.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] fields = stat.substring(close + 2).split(" ", 3);
        try {
            return fields.length < 2 ? -1 : Long.parseLong(fields[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Every descendant of {@code pid}, zombies included (for tests and diagnostics). */
    static List<Long> descendants(long pid) {
        List<Long> found = new ArrayList<>();
        Deque<Long> todo = new ArrayDeque<>(children(pid));
        while (!todo.isEmpty()) {
            long next = todo.pop();
            found.add(next);
            todo.addAll(children(next));
        }
        return found;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return "";
        }
    }
}
