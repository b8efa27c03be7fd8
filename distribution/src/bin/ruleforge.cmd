@echo off
rem ruleforge command-line tool: detection rules as code for Elastic Security.
rem Needs Java 17 or later: %JAVA_HOME%\bin\java.exe, or java on the PATH.
rem RULEFORGE_OPTS (and JAVA_OPTS) add JVM options after the defaults (see bin/ruleforge for why these).
setlocal
set "RULEFORGE_HOME=%~dp0.."
if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java"
)
"%JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=50 %JAVA_OPTS% %RULEFORGE_OPTS% -cp "%RULEFORGE_HOME%\lib\*" io.ruleforge.cli.RuleforgeCli %*
exit /b %ERRORLEVEL%
