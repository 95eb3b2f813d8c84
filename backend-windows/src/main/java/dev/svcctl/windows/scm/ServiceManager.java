package dev.svcctl.windows.scm;

import java.util.List;
import java.util.Optional;

/** An open SCM handle. */
public interface ServiceManager extends AutoCloseable {

    /**
     * CreateService with the whole configuration (then ChangeServiceConfig2 for the levels CreateService lacks).
     * The password, for user accounts only, is used for the call and not kept.
     */
    ServiceHandle create(ServiceConfig config, Optional<char[]> password) throws ScmException;

    /** OpenService. */
    ServiceHandle open(String name, Scm.Access access) throws ScmException;

    /** EnumServicesStatusEx for Win32 services: the names of every installed service. */
    List<String> serviceNames() throws ScmException;

    /**
     * The REG_SZ svcctl writes under the service's registry key to mark it as its own (see ScmRegistration); empty
     * when the value is absent; error 2 (ERROR_FILE_NOT_FOUND) when the service key is gone.
     */
    Optional<String> readMarker(String serviceName) throws ScmException;

    void writeMarker(String serviceName, String text) throws ScmException;

    /** Deletes svcctl's marker value, when uninstall hands a service it took over back to its owner. */
    void removeMarker(String serviceName) throws ScmException;

    /**
     * Registers service NAME as an event source of the Application log (a key under
     * HKLM\SYSTEM\CurrentControlSet\Services\EventLog\Application with EventMessageFile as REG_EXPAND_SZ,
     * TypesSupported and svcctl's marker value). A source of that name that svcctl did not register is left as it is.
     */
    void registerEventSource(String serviceName, String messageFile) throws ScmException;

    /** Removes the event source svcctl registered for NAME; one it did not register, or none, is left alone. */
    void removeEventSource(String serviceName) throws ScmException;

    /**
     * LsaAddAccountRights(SeServiceLogonRight) for a user account or gMSA that will run a service, named as
     * LookupAccountName takes it (a local account without ".\\", see WindowsAccount#lookupName).
     */
    void grantServiceLogonRight(String account) throws ScmException;

    @Override
    void close();
}
