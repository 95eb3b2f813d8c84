package dev.svcctl.dist;

import dev.svcctl.cli.CommandModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build-time generator of everything derived from the CLI's picocli model: bash, zsh and fish completion
 * ({@link Completion}) and the AsciiDoc sources of the man pages (picocli's, completed by {@link ManPages}, and
 * svcctl-spec(5) from the spec reader's key table). Run by the dist build; its output is never edited by hand.
 */
public final class GenerateDocs {
    private GenerateDocs() {
    }

    /** {@code GenerateDocs COMPLETION_DIR MAN_ADOC_DIR EXAMPLES_DIR} (the hand-written EXAMPLES per command). */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: GenerateDocs COMPLETION_DIR MAN_ADOC_DIR EXAMPLES_DIR");
        }
        writeCompletion(Path.of(args[0]));
        writeManPageSources(Path.of(args[1]), Path.of(args[2]));
    }

    static void writeCompletion(Path dir) throws IOException {
        Files.createDirectories(dir);
        Completion completion = new Completion(CommandModel.commandLine());
        Files.writeString(dir.resolve("svcctl.bash"), completion.bash(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("_svcctl"), completion.zsh(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("svcctl.fish"), completion.fish(), StandardCharsets.UTF_8);
    }

    static void writeManPageSources(Path dir, Path examples) throws IOException {
        Files.createDirectories(dir);
        CommandLine model = CommandModel.commandLine();
        int status = ManPageGenerator.generateManPage(dir.toFile(), (File) null, new boolean[0], false,
                model.getCommandSpec());
        if (status != 0) {
            throw new IOException("picocli's man page generator failed with status " + status);
        }
        new ManPages(model, examples).write(dir);
    }
}
