package dev.svcctl.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Winsvc;

/** The Win32 structures svcctl binds itself (jna-platform lacks them); StructLayoutTest checks them. */
public final class ScmStructs {
    private ScmStructs() {
    }

    /** QUERY_SERVICE_CONFIGW; the strings point into the same buffer. */
    @Structure.FieldOrder({"dwServiceType", "dwStartType", "dwErrorControl", "lpBinaryPathName", "lpLoadOrderGroup",
            "dwTagId", "lpDependencies", "lpServiceStartName", "lpDisplayName"})
    public static final class QUERY_SERVICE_CONFIG extends Structure {
        public int dwServiceType;
        public int dwStartType;
        public int dwErrorControl;
        public Pointer lpBinaryPathName;
        public Pointer lpLoadOrderGroup;
        public int dwTagId;
        public Pointer lpDependencies;
        public Pointer lpServiceStartName;
        public Pointer lpDisplayName;

        public QUERY_SERVICE_CONFIG() {
        }

        public QUERY_SERVICE_CONFIG(Pointer p) {
            super(p);
            read();
        }
    }

    /** SERVICE_DELAYED_AUTO_START_INFO. */
    @Structure.FieldOrder({"fDelayedAutostart"})
    public static final class SERVICE_DELAYED_AUTO_START_INFO extends Winsvc.ChangeServiceConfig2Info {
        public boolean fDelayedAutostart;

        public SERVICE_DELAYED_AUTO_START_INFO() {
        }

        public SERVICE_DELAYED_AUTO_START_INFO(Pointer p) {
            super(p);
            read();
        }
    }

    /** SERVICE_PRESHUTDOWN_INFO. */
    @Structure.FieldOrder({"dwPreshutdownTimeout"})
    public static final class SERVICE_PRESHUTDOWN_INFO extends Winsvc.ChangeServiceConfig2Info {
        public int dwPreshutdownTimeout;

        public SERVICE_PRESHUTDOWN_INFO() {
        }

        public SERVICE_PRESHUTDOWN_INFO(Pointer p) {
            super(p);
            read();
        }
    }

    /** SERVICE_SID_INFO. */
    @Structure.FieldOrder({"dwServiceSidType"})
    public static final class SERVICE_SID_INFO extends Winsvc.ChangeServiceConfig2Info {
        public int dwServiceSidType;

        public SERVICE_SID_INFO() {
        }

        public SERVICE_SID_INFO(Pointer p) {
            super(p);
            read();
        }
    }

    /** SERVICE_DESCRIPTIONW read back from a buffer (jna-platform's maps the string, which reading needs as a pointer). */
    @Structure.FieldOrder({"lpDescription"})
    public static final class SERVICE_DESCRIPTION_READ extends Structure {
        public Pointer lpDescription;

        public SERVICE_DESCRIPTION_READ(Pointer p) {
            super(p);
            read();
        }
    }

    /** SERVICE_FAILURE_ACTIONSW read back from a buffer. */
    @Structure.FieldOrder({"dwResetPeriod", "lpRebootMsg", "lpCommand", "cActions", "lpsaActions"})
    public static final class SERVICE_FAILURE_ACTIONS_READ extends Structure {
        public int dwResetPeriod;
        public Pointer lpRebootMsg;
        public Pointer lpCommand;
        public int cActions;
        public Pointer lpsaActions;

        public SERVICE_FAILURE_ACTIONS_READ() {
        }

        public SERVICE_FAILURE_ACTIONS_READ(Pointer p) {
            super(p);
            read();
        }
    }

    /** LSA_OBJECT_ATTRIBUTES: all zero but the length for LsaOpenPolicy. */
    @Structure.FieldOrder({"Length", "RootDirectory", "ObjectName", "Attributes", "SecurityDescriptor",
            "SecurityQualityOfService"})
    public static final class LSA_OBJECT_ATTRIBUTES extends Structure {
        public int Length;
        public Pointer RootDirectory;
        public Pointer ObjectName;
        public int Attributes;
        public Pointer SecurityDescriptor;
        public Pointer SecurityQualityOfService;

        public LSA_OBJECT_ATTRIBUTES() {
            Length = size();
        }
    }
}
