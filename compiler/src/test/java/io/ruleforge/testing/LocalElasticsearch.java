package io.ruleforge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A single-node Elasticsearch started from the distribution the build unpacks (system property
 * {@code ruleforge.elasticsearch.home}), bound to a free port on 127.0.0.1 and stopped by process id in
 * {@link #close()} — and by a shutdown hook should the JVM end first. Elasticsearch refuses to run as root, so
 * when the build runs as root (CI does) the node runs as {@code nobody} through {@code setpriv}.
 */
public final class LocalElasticsearch implements AutoCloseable {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(180);

    private final Process process;
    private final URI url;
    private final Path log;
    private final Thread shutdownHook;
    private final Optional<Path> scratch;
    private Duration startup = Duration.ZERO;

    private LocalElasticsearch(Process process, URI url, Path log, Optional<Path> scratch) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.scratch = scratch;
        this.shutdownHook = new Thread(this::stopProcessTree, "stop-elasticsearch-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a node from the unpacked distribution and waits until it answers; fails clearly when it cannot. */
    public static LocalElasticsearch start() {
        Path home = Path.of(requiredProperty("ruleforge.elasticsearch.home"));
        Path work = Path.of(requiredProperty("ruleforge.elasticsearch.work"));
        if (!Files.isRegularFile(home.resolve("bin/elasticsearch"))) {
            throw new IllegalStateException("no Elasticsearch distribution at " + home + ": the build unpacks "
                    + "org.elasticsearch.distribution.integ-test-zip:elasticsearch into it at pre-integration-test; run the "
                    + "integration tests through Maven (mvn verify), not from an IDE without that phase");
        }
        boolean root = isRoot();
        Path scratch = null;
        if (root && !(reachableByOthers(home) && reachableByOthers(work.getParent()))) {
            // nobody cannot reach the build directory (e.g. a checkout under /root): run from a copy in /tmp
            try {
                scratch = Files.createTempDirectory("ruleforge-elasticsearch-");
                Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            runQuietly(List.of("cp", "-a", home.toString(), scratch.toString()));
            home = scratch.resolve(home.getFileName());
            work = scratch.resolve("run");
        }
        int httpPort = freeLoopbackPort();
        int transportPort = freeLoopbackPort();
        Path run = work.resolve("node-" + httpPort);
        Path tmp = run.resolve("tmp");
        Path log = run.resolve("console.log");
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(run.resolve("data"));
            Files.createDirectories(run.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addModuleDescriptors(home.resolve("modules"));
        if (root) {
            // the node writes into its config directory (keystore) and its data, logs and temp directories
            runQuietly(List.of("chown", "-R", "nobody", home.toString(), run.toString()));
        }
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        command.addAll(List.of(
                "-Expack.security.enabled=false",
                "-Ediscovery.type=single-node",
                "-Enetwork.host=127.0.0.1",
                "-Ehttp.port=" + httpPort,
                "-Etransport.port=" + transportPort,
                "-Epath.data=" + run.resolve("data"),
                "-Epath.logs=" + run.resolve("logs"),
                "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // the integ-test distribution has no bundled JDK: run it on the JVM running the tests
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_TMPDIR", tmp.toString());
        env.put("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        URI url = URI.create("http://127.0.0.1:" + httpPort);
        Instant began = Instant.now();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        LocalElasticsearch node = new LocalElasticsearch(process, url, log, Optional.ofNullable(scratch));
        try {
            node.awaitHealthy();
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
        node.startup = Duration.between(began, Instant.now());
        return node;
    }

    public URI url() {
        return url;
    }

    /** How long the node took from process start to a healthy cluster. */
    public Duration startup() {
        return startup;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Kills the node as a crash would (SIGKILL to the server JVM and its launcher, no shutdown), and waits until it
     * is gone; {@link #close()} still cleans up after it.
     */
    public void kill() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle handle : tree) {
                handle.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Elasticsearch (pid " + process.pid() + ") did not die within 30 s", e);
        }
    }

    @Override
    public void close() {
        stopProcessTree();
        scratch.ifPresent(dir -> runQuietly(List.of("rm", "-rf", dir.toString())));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private void stopProcessTree() {
        // the launcher (our child) starts the server JVM: stop the server first, then the launcher, by pid
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle handle : tree) {
                handle.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP_LIMIT);
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with code " + process.exitValue()
                        + " before it was healthy; its output:\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("Elasticsearch at " + url + " was not healthy within " + STARTUP_LIMIT.toSeconds()
                + " s; its output:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output at " + log + ")";
        }
    }

    /**
     * A module copied in as a plain jar (the build copies x-pack-kql from Maven Central) needs its descriptor beside
     * it; the jar carries it under {@code META-INF/es-plugins/<name>/}.
     */
    private static void addModuleDescriptors(Path modules) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(modules)) {
            for (Path module : dirs) {
                Path descriptor = module.resolve("plugin-descriptor.properties");
                Path jar = module.resolve(module.getFileName() + "-" + versionOf(module.getParent().getParent()) + ".jar");
                if (Files.isDirectory(module) && !Files.exists(descriptor) && Files.isRegularFile(jar)) {
                    try (ZipFile zip = new ZipFile(jar.toFile())) {
                        ZipEntry entry = zip.getEntry("META-INF/es-plugins/" + module.getFileName() + "/plugin-descriptor.properties");
                        if (entry != null) {
                            try (InputStream in = zip.getInputStream(entry)) {
                                Files.copy(in, descriptor);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the modules in " + modules, e);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the integration tests "
                    + "through Maven (failsafe sets it)");
        }
        return value;
    }

    /** Whether every directory from the root down to {@code path} lets other users through. */
    private static boolean reachableByOthers(Path path) {
        try {
            for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The distribution's version, from its directory name ({@code elasticsearch-8.19.21}). */
    private static String versionOf(Path home) {
        return home.getFileName().toString().replaceFirst("^elasticsearch-", "");
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static boolean isRoot() {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            id.waitFor();
            return uid.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void runQuietly(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
