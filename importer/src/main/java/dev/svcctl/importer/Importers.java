package dev.svcctl.importer;

import dev.svcctl.importer.systemd.SystemdImporter;
import java.util.ArrayList;
import java.util.List;

/** Every source format {@code svcctl import} reads, by the id {@code --from} takes, in the order guessing tries them. */
public final class Importers {
    private Importers() {
    }

    /** A fresh instance of each importer. To add a format, add one line here. */
    public static List<Importer> all() {
        return List.of(
                new SystemdImporter(), new NssmImporter(), new WinswImporter(), new SupervisordImporter(),
                new Pm2Importer(), new ProcfileImporter()
        );
    }

    /** The ids, for usage help and error hints. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (Importer importer : all()) {
            ids.add(importer.id());
        }
        return ids;
    }

    /** The importer with this id, or null. */
    public static Importer byId(String id) {
        for (Importer importer : all()) {
            if (importer.id().equals(id)) {
                return importer;
            }
        }
        return null;
    }

    /** The importers that recognize {@code source}: one is the guess; none or several need {@code --from}. */
    public static List<Importer> recognizing(SourceFile source) {
        List<Importer> found = new ArrayList<>();
        for (Importer importer : all()) {
            if (importer.recognizes(source)) {
                found.add(importer);
            }
        }
        return found;
    }
}
