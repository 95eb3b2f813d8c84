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

    /** SERVICE_REQUIRED_PRIVILEGES_INFOW: a pointer to a double-NUL-terminated list of wide strings. */
    @Structure.FieldOrder({"pmszRequiredPrivileges"})
    public static final class SERVICE_REQUIRED_PRIVILEGES_INFO extends Winsvc.ChangeServiceConfig2Info {
        public Pointer pmszRequiredPrivileges;

        public SERVICE_REQUIRED_PRIVILEGES_INFO() {
        }

        public SERVICE_REQUIRED_PRIVILEGES_INFO(Pointer p) {
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

    /** IO_COUNTERS. */
    @Structure.FieldOrder({"ReadOperationCount", "WriteOperationCount", "OtherOperationCount", "ReadTransferCount",
            "WriteTransferCount", "OtherTransferCount"})
    public static final class IO_COUNTERS extends Structure {
        public long ReadOperationCount;
        public long WriteOperationCount;
        public long OtherOperationCount;
        public long ReadTransferCount;
        public long WriteTransferCount;
        public long OtherTransferCount;
    }

    /** JOBOBJECT_BASIC_LIMIT_INFORMATION (LARGE_INTEGER as long, SIZE_T and ULONG_PTR as pointer-sized). */
    @Structure.FieldOrder({"PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
            "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass", "SchedulingClass"})
    public static final class JOBOBJECT_BASIC_LIMIT_INFORMATION extends Structure {
        public long PerProcessUserTimeLimit;
        public long PerJobUserTimeLimit;
        public int LimitFlags;
        public Pointer MinimumWorkingSetSize;
        public Pointer MaximumWorkingSetSize;
        public int ActiveProcessLimit;
        public Pointer Affinity;
        public int PriorityClass;
        public int SchedulingClass;
    }

    /** JOBOBJECT_EXTENDED_LIMIT_INFORMATION. */
    @Structure.FieldOrder({"BasicLimitInformation", "IoInfo", "ProcessMemoryLimit", "JobMemoryLimit",
            "PeakProcessMemoryUsed", "PeakJobMemoryUsed"})
    public static final class JOBOBJECT_EXTENDED_LIMIT_INFORMATION extends Structure {
        public JOBOBJECT_BASIC_LIMIT_INFORMATION BasicLimitInformation = new JOBOBJECT_BASIC_LIMIT_INFORMATION();
        public IO_COUNTERS IoInfo = new IO_COUNTERS();
        public Pointer ProcessMemoryLimit;
        public Pointer JobMemoryLimit;
        public Pointer PeakProcessMemoryUsed;
        public Pointer PeakJobMemoryUsed;
    }

    /** JOBOBJECT_CPU_RATE_CONTROL_INFORMATION with CpuRate as its union's member. */
    @Structure.FieldOrder({"ControlFlags", "CpuRate"})
    public static final class JOBOBJECT_CPU_RATE_CONTROL_INFORMATION extends Structure {
        public int ControlFlags;
        public int CpuRate;
    }
}
