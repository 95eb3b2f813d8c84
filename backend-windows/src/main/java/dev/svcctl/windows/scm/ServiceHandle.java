package dev.svcctl.windows.scm;

import java.util.Optional;

/** An open service handle; what it may do depends on the access it was opened with. */
public interface ServiceHandle extends AutoCloseable {

    String name();

    /** QueryServiceConfig plus QueryServiceConfig2 for description, delayed flag, failure actions, preshutdown. */
    ServiceConfig queryConfig() throws ScmException;

    /** ChangeServiceConfig plus ChangeServiceConfig2 for every level svcctl sets: an update in place. */
    void changeConfig(ServiceConfig config, Optional<char[]> password) throws ScmException;

    /** StartService. */
    void start() throws ScmException;

    /** ControlService(SERVICE_CONTROL_STOP). */
    void stop() throws ScmException;

    /** QueryServiceStatusEx. */
    ServiceState query() throws ScmException;

    /** DeleteService: marks the service; SCM removes it once it is stopped and every handle is closed. */
    void delete() throws ScmException;

    /** CloseServiceHandle. */
    @Override
    void close();
}
