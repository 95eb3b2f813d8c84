/**
 * The launchd backend (macOS): a plist per service and launchctl's modern verbs.
 *
 * <h2>Mapping</h2>
 * {@code Label} is {@code platform.launchd.label} or the name; {@code ProgramArguments} is the exact argv (no
 * shell); {@code WorkingDirectory}; {@code EnvironmentVariables} (the plist is then written 0600: launchd wants a
 * daemon's plist root:wheel and not writable by others, an agent's the user's, and reads both as root, so only
 * readability is taken away; a supervised daemon's values are in its spec copy, 0600 and owned by its
 * {@code UserName}); {@code UserName}/{@code GroupName} for daemons
 * only (launchd rejects them for agents, so {@code user}/{@code group} with {@code scope: user} is an error);
 * {@code RunAtLoad} true for {@code startup: auto|delayed} (launchd has no delayed start; like systemd, delayed
 * means auto), {@code Disabled} plus {@code launchctl disable} for {@code disabled}; {@code KeepAlive} true /
 * {@code {SuccessfulExit: false}} / false for always / on-failure / never; {@code ThrottleInterval} from
 * {@code restart.delay} and {@code ExitTimeOut} from {@code stop.timeout}, both in whole seconds rounded up;
 * {@code StandardOutPath}/{@code StandardErrorPath} under {@code logs.dir} (default
 * {@code /Library/Logs/svcctl/NAME}, or {@code ~/Library/Logs/svcctl/NAME} spelt out with the home for agents,
 * since launchd does not expand {@code ~}), {@code /dev/null} for discard, no key for inherit;
 * {@code SoftResourceLimits}/{@code HardResourceLimits} ({@code NumberOfFiles}, {@code NumberOfProcesses});
 * {@code Nice}; then the {@code platform.launchd.plist} keys, which may not replace a key written from the spec.
 *
 * <h2>What launchd cannot do</h2>
 * Delegated to {@code svcctl run} when {@code supervisor} is auto or svcctl (an error with {@code native}): health
 * checks, log rotation, {@code envFile}, {@code reload.exec}, a burst/window other than the defaults (the model
 * cannot tell a written
 * default from an absent key; with the defaults launchd's own endless throttled restarting is accepted), success exit codes other than [0] for on-failure, a stop signal other than TERM, and any
 * {@code readiness} (launchd has no notion of a job becoming ready; {@code svcctl run} keeps the readiness and the
 * {@code watchdog}). Then the plist
 * runs {@code SVCCTL run --name NAME [--user]}, with {@code KeepAlive {Crashed: true}} (launchd restarts only a
 * crashed supervisor, as systemd's on-abnormal), {@code ExitTimeOut} = stop.timeout + 5s so the supervisor's own
 * kill comes first, and the supervisor's output in {@code LOGDIR/supervisor.log}. {@code svcctl logs} then reads the
 * program's files where the supervisor writes them ({@link dev.svcctl.logs.ServiceLogFiles} from the spec copy:
 * {@code logs.dir}, else svcctl's default log directory), and a native job's StandardOutPath/StandardErrorPath,
 * both with common's reader ({@link dev.svcctl.logs.ServiceLogs}).
 * Best effort, as on systemd: {@code restart.maxDelay} (launchd has only a fixed ThrottleInterval) and
 * {@code startup: delayed}; and {@code after}: launchd has no start ordering, so the milestones are not waited for
 * (local file systems are mounted before launchd loads jobs; for the network, the restart policy retries). Always errors: {@code limits.memory} and {@code limits.cpu} (macOS enforces neither RLIMIT_RSS nor a quota, and
 * svcctl run does not cap them), journal logs, {@code dependsOn} (launchd has no dependencies between jobs), argv plus environment beyond macOS's
 * ARG_MAX, and strings holding characters XML 1.0 cannot carry.
 *
 * <h2>Log rotation: svcctl run, not newsyslog</h2>
 * launchd opens StandardOutPath once, when it spawns the job. newsyslog(8) rotates by renaming and can only signal a
 * process named in a pid file; it has no copy-truncate. A rotated file would keep receiving the job's output until
 * the next restart, and {@code maxTotal} has no newsyslog equivalent. So file logs with {@code logs.rotate} make
 * {@code supervisor: auto} choose {@code svcctl run}, which rotates without losing lines (as on systemd), and
 * {@code supervisor: native} with rotation is an error.
 *
 * <h2>Files and ownership</h2>
 * The install engine ({@link dev.svcctl.install.InstallEngine}) plans, diffs, locks, writes and removes the files;
 * this backend renders them and drives launchctl. A supervised service's rendering starts with the spec copy that
 * {@code svcctl run --name} reads ({@code /etc/svcctl/services/NAME.yaml}, or
 * {@code ~/.config/svcctl/services/NAME.yaml} for an agent). The marker comment
 * ({@link dev.svcctl.backend.ManagedMarker}) is the plist's third line, after the XML declaration and DOCTYPE that
 * XML requires first; its body hash covers every other line, so a hand edit shows as drift. An info comment records
 * the service name and the reload signal for the verbs that get only a name. {@code install --force} over a foreign
 * plist boots its job out, records in {@code .NAME.takeover} next to the spec copy whether it was loaded or
 * disabled, and the engine keeps {@code NAME.plist.svcctl-backup}; uninstall puts the plist back and loads or
 * disables the job again.
 */
package dev.svcctl.launchd;
