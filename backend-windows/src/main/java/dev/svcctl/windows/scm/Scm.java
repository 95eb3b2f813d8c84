package dev.svcctl.windows.scm;

/**
 * The narrow port to the Windows Service Control Manager: the calls svcctl makes, with Win32 semantics and error
 * codes ({@link ScmException#code()}). The JNA implementation forwards to advapi32; tests use an in-memory model whose
 * behaviour is checked against Wine's SCM (see ScmConformanceTest).
 */
public interface Scm {

    /** The rights asked of OpenSCManager: READ is what any user gets (connect and enumerate), ALL needs elevation. */
    enum Access { READ, ALL }

    /** OpenSCManager. */
    ServiceManager connect(Access access) throws ScmException;
}
