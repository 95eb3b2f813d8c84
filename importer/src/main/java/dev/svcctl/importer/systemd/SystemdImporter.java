package dev.svcctl.importer.systemd;

import dev.svcctl.importer.ImportException;
import dev.svcctl.importer.ImportResult;
import dev.svcctl.importer.Importer;
import dev.svcctl.importer.SourceFile;
import java.util.regex.Pattern;

/**
 * A systemd {@code .service} unit, with its drop-ins, to a spec (see docs/import.md, "systemd"): exact where svcctl
 * can say the same thing, the rest kept verbatim in {@code platform.systemd} when systemd lets that through, else a
 * warning at the source line.
 */
public final class SystemdImporter implements Importer {
    private static final Pattern SECTION = Pattern.compile("(?m)^[ \\t]*\\[(Service|Unit|Install)\\][ \\t]*\\r?$");

    @Override
    public String id() {
        return "systemd";
    }

    /** A file named {@code *.service}, or one with a {@code [Service]} or {@code [Unit]} section header. */
    @Override
    public boolean recognizes(SourceFile source) {
        return source.path().endsWith(".service") || SECTION.matcher(source.text()).find();
    }

    @Override
    public ImportResult read(SourceFile source) throws ImportException {
        String base = source.path().substring(Math.max(source.path().lastIndexOf('/'),
                source.path().lastIndexOf('\\')) + 1);
        if (!base.endsWith(".service") || base.length() == ".service".length()) {
            throw new ImportException(source.path(), 0, "a systemd service unit's file name ends in .service,"
                    + " which gives the service its name", "name the file NAME.service");
        }
        if (base.endsWith("@.service")) {
            throw new ImportException(source.path(), 0, "a template unit (NAME@.service) describes no one service",
                    "import an instance: copy it to NAME@INSTANCE.service and import that");
        }
        return new UnitConversion(source, base).run();
    }
}
