package dev.svcctl.importer;

/**
 * One source format of {@code svcctl import}. Pure: it reads only the {@link SourceFile} it is given (a systemd
 * importer is given the unit's drop-ins the same way) and never touches the host, so it runs on any OS.
 */
public interface Importer {
    /** The name {@code --from} takes: systemd, nssm, winsw, supervisord, pm2, procfile. */
    String id();

    /** Whether {@code source} looks like this format, for guessing {@code --from}; cheap, never throws. */
    boolean recognizes(SourceFile source);

    /**
     * The specs {@code source} describes, and a warning for every source setting that is neither mapped to a spec
     * key nor kept in a platform escape hatch. Throws when the file is not of this format at all or describes no
     * service svcctl can express.
     */
    ImportResult read(SourceFile source) throws ImportException;
}
