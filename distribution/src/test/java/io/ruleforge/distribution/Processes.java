package io.ruleforge.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to its end and keeps what it printed (both streams, in one file beside the work). */
final class Processes {

    record Result(int exit, String output) {
    }

    private Processes() {
    }

    static Result run(Path workingDirectory, Path log, List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        return run(workingDirectory, log, command, Map.of(), timeoutSeconds);
    }

    static Result run(Path workingDirectory, Path log, List<String> command, Map<String, String> environment,
                      long timeoutSeconds) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s; see " + log);
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.contains("${")) {
            throw new IllegalStateException("the pom sets the system property " + name + ", found " + value);
        }
        return value;
    }
}
