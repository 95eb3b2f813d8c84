@echo off
rem svcctl launcher for Windows: finds its installation from its own path, picks a Java 17 or newer (JAVA_HOME,
rem else java.exe on PATH) from the JDK's release file when it has one, and runs the CLI with start-up tuned flags.
setlocal EnableExtensions DisableDelayedExpansion

for %%d in ("%~dp0..") do set "SVCCTL_HOME=%%~fd"

if defined JAVA_HOME (
  set "SVCCTL_JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "SVCCTL_JAVA="
  for %%j in (java.exe) do set "SVCCTL_JAVA=%%~$PATH:j"
)
if not defined SVCCTL_JAVA (
  echo svcctl: no Java found ^(hint: install Java 17 or newer, or set JAVA_HOME^) 1>&2
  exit /b 1
)
if not exist "%SVCCTL_JAVA%" (
  echo svcctl: JAVA_HOME is %JAVA_HOME%, which has no bin\java.exe ^(hint: point it at a Java 17 or newer^) 1>&2
  exit /b 1
)

set "SVCCTL_JAVA_VERSION="
for %%j in ("%SVCCTL_JAVA%") do set "SVCCTL_JAVA_RELEASE=%%~dpj..\release"
if exist "%SVCCTL_JAVA_RELEASE%" (
  for /f "usebackq tokens=1,* delims==" %%a in ("%SVCCTL_JAVA_RELEASE%") do (
    if "%%a"=="JAVA_VERSION" set "SVCCTL_JAVA_VERSION=%%~b"
  )
)
if not defined SVCCTL_JAVA_VERSION (
  for /f "tokens=3" %%v in ('""%SVCCTL_JAVA%" -version 2>&1 | findstr /i /c:"version""') do set "SVCCTL_JAVA_VERSION=%%~v"
)
set "SVCCTL_JAVA_MAJOR=0"
for /f "tokens=1,2 delims=._+-" %%a in ("%SVCCTL_JAVA_VERSION%") do (
  if "%%a"=="1" (set "SVCCTL_JAVA_MAJOR=%%b") else (set "SVCCTL_JAVA_MAJOR=%%a")
)
if not defined SVCCTL_JAVA_MAJOR set "SVCCTL_JAVA_MAJOR=0"
rem Anything but digits (an unreadable version) counts as too old.
for /f "delims=0123456789" %%x in ("%SVCCTL_JAVA_MAJOR%") do set "SVCCTL_JAVA_MAJOR=0"
if %SVCCTL_JAVA_MAJOR% LSS 17 (
  echo svcctl: needs Java 17 or newer, but %SVCCTL_JAVA% is Java %SVCCTL_JAVA_VERSION% ^(hint: set JAVA_HOME to a Java 17+ installation^) 1>&2
  exit /b 1
)

"%SVCCTL_JAVA%" -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -Xss512k -Xmx256m -XX:-UsePerfData ^
  -XX:+IgnoreUnrecognizedVMOptions -Xshare:auto %SVCCTL_JAVA_OPTS% ^
  "-Dsvcctl.home=%SVCCTL_HOME%" "-Dsvcctl.launcher=%~f0" ^
  -cp "%SVCCTL_HOME%\lib\svcctl.jar" dev.svcctl.cli.Main %*
exit /b %ERRORLEVEL%
