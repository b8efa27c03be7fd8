package io.ruleforge.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * What a release publishes, without publishing it: {@code mvn -P release deploy} of this very tree into a file
 * repository, signed with a throwaway key made here; then every file Maven Central requires is there, every
 * signature verifies with that key, the POMs carry Central's metadata, and the jars are the bytes the normal build
 * made (reproducible: project.build.outputTimestamp) with the licence and notices inside.
 *
 * <p>Never installs: {@code deploy} runs the install phase, so the build is told to skip it, and the local
 * repository other builds share keeps its snapshot.
 */
class ReleaseArtifactsIT {

    private static final String VERSION = Processes.property("ruleforge.expectedVersion");
    private static final Path PROJECT = Path.of(Processes.property("ruleforge.projectRoot")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(Processes.property("ruleforge.work")).toAbsolutePath();
    private static final Path STAGING = WORK.resolve("staging");
    private static final List<String> PUBLISHED = List.of("ruleforge-parent", "ruleforge-compiler", "ruleforge-maven-plugin");

    private static String fingerprint;
    /** The jars of the build this test runs in, read before the release build writes them again. */
    private static final Map<String, byte[]> normalBuild = new LinkedHashMap<>();

    @BeforeAll
    static void releaseIntoAFileRepository() throws Exception {
        boolean gpg = gpgAvailable();
        if (!gpg && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("gpg is needed to check the release's signatures (apt-get install gnupg)");
        }
        assumeThat(gpg).as("gpg on the PATH").isTrue();

        DistributionIT.deleteTree(WORK);
        Path gnupg = Files.createDirectories(WORK.resolve("gnupg"));
        Files.setPosixFilePermissions(gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Processes.Result key = gpg(gnupg, "key", "--batch", "--passphrase", "", "--quick-gen-key",
                "ruleforge release check <release-check@ruleforge.invalid>", "ed25519", "sign", "never");
        assertThat(key.exit()).as(key.output()).isZero();
        Processes.Result keys = gpg(gnupg, "keys", "--batch", "--with-colons", "--list-secret-keys");
        fingerprint = keys.output().lines().filter(l -> l.startsWith("fpr:")).findFirst()
                .map(l -> l.split(":")[9]).orElseThrow(() -> new AssertionError("no key made: " + keys.output()));

        normalBuild.put("ruleforge-compiler", Files.readAllBytes(PROJECT.resolve("compiler/target/ruleforge-compiler-" + VERSION + ".jar")));
        normalBuild.put("ruleforge-maven-plugin", Files.readAllBytes(PROJECT.resolve("maven-plugin/target/ruleforge-maven-plugin-" + VERSION + ".jar")));

        List<String> mvn = new ArrayList<>(List.of(Path.of(Processes.property("maven.home"), "bin", "mvn").toString(),
                "-B", "-ntp", "-P", "release", "-pl", ".,compiler,maven-plugin", "deploy",
                "-Dmaven.repo.local=" + Processes.property("ruleforge.localRepository"),
                // the tests ran in the build that runs this one; install would overwrite the shared local snapshot
                "-DskipTests", "-Dmaven.install.skip=true",
                // the CLI jar is not published, and the outer build made it already
                "-Druleforge.skipCliJar=true",
                "-Dgpg.homedir=" + gnupg, "-Dgpg.keyname=" + fingerprint,
                "-DaltDeploymentRepository=release-check::file:" + STAGING));
        // offline when the build running this test is (mvn -o), so that it never reaches the network either; not
        // with -o, which deploy refuses even to a folder, but with every repository mirrored to the local one
        if (Processes.property("ruleforge.offline").equals("offline:true")) {
            mvn.addAll(List.of("-s", localMirrorSettings().toString()));
        }
        // a build of a few short phases: C1 alone and the serial collector, as the plugin's ITs run Maven
        Processes.Result release = Processes.run(PROJECT, WORK.resolve("release-build.log"), mvn,
                Map.of("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"), 900);
        // the agent key generation and signing started; verifying needs none
        new ProcessBuilder("gpgconf", "--homedir", gnupg.toString(), "--kill", "gpg-agent").start().waitFor();
        assertThat(release.exit()).as("mvn -P release deploy, log in " + WORK.resolve("release-build.log")).isZero();
    }

    private static Path localMirrorSettings() throws IOException {
        String local = Path.of(Processes.property("ruleforge.localRepository")).toUri().toString();
        String policy = "<releases><checksumPolicy>ignore</checksumPolicy></releases>"
                + "<snapshots><checksumPolicy>ignore</checksumPolicy></snapshots>";
        return Files.writeString(WORK.resolve("offline-settings.xml"), """
                <settings>
                  <mirrors><mirror><id>local</id><url>%1$s</url><mirrorOf>*</mirrorOf></mirror></mirrors>
                  <profiles><profile><id>local</id>
                    <repositories><repository><id>central</id><url>%1$s</url>%2$s</repository></repositories>
                    <pluginRepositories><pluginRepository><id>central</id><url>%1$s</url>%2$s</pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>local</activeProfile></activeProfiles>
                </settings>
                """.formatted(local, policy));
    }

    private static boolean gpgAvailable() {
        try {
            return new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Processes.Result gpg(Path home, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", home.toString()));
        command.addAll(List.of(args));
        return Processes.run(WORK, WORK.resolve("gpg-" + name + ".log"), command, 120);
    }

    /** The deployed files of an artifact, without checksums and metadata: name (timestamp taken out) → path. */
    private static Map<String, Path> deployed(String artifactId) throws IOException {
        Path directory = STAGING.resolve("io/ruleforge").resolve(artifactId).resolve(VERSION);
        assertThat(directory).as(artifactId + " deployed").isDirectory();
        // a snapshot is deployed as artifactId-0.1.0-20261126.161410-1.jar, a release as artifactId-0.1.0.jar
        String base = VERSION.replace("-SNAPSHOT", "");
        Pattern timestamped = Pattern.compile(Pattern.quote(artifactId + "-" + base) + "-\\d{8}\\.\\d{6}-\\d+");
        Map<String, Path> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            for (Path file : list.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("maven-metadata") || name.endsWith(".md5") || name.endsWith(".sha1")) {
                    continue;
                }
                files.put(timestamped.matcher(name).replaceFirst(artifactId + "-" + VERSION), file);
            }
        }
        return files;
    }

    private static List<String> required(String artifactId) {
        String stem = artifactId + "-" + VERSION;
        List<String> names = new ArrayList<>(List.of(stem + ".pom"));
        if (!artifactId.equals("ruleforge-parent")) {
            names.addAll(List.of(stem + ".jar", stem + "-sources.jar", stem + "-javadoc.jar"));
        }
        List<String> withSignatures = new ArrayList<>(names);
        names.forEach(n -> withSignatures.add(n + ".asc"));
        return withSignatures;
    }

    @Test
    void everyPublishedModuleHasJarSourcesJavadocPomAndASignatureOfEach() throws IOException {
        for (String artifactId : PUBLISHED) {
            assertThat(deployed(artifactId).keySet()).as(artifactId).containsExactlyInAnyOrderElementsOf(required(artifactId));
        }
        // the modules that are not published stay out of the repository
        try (Stream<Path> modules = Files.list(STAGING.resolve("io/ruleforge"))) {
            assertThat(modules.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(PUBLISHED);
        }
    }

    @Test
    void everySignatureVerifiesWithTheReleaseKey() throws Exception {
        Path gnupg = WORK.resolve("gnupg");
        for (String artifactId : PUBLISHED) {
            Map<String, Path> files = deployed(artifactId);
            for (Map.Entry<String, Path> file : files.entrySet()) {
                if (file.getKey().endsWith(".asc")) {
                    continue;
                }
                Path signature = file.getValue().resolveSibling(file.getValue().getFileName() + ".asc");
                Processes.Result verify = gpg(gnupg, "verify", "--batch", "--status-fd", "1", "--verify",
                        signature.toString(), file.getValue().toString());
                assertThat(verify.exit()).as(file.getKey() + ": " + verify.output()).isZero();
                assertThat(verify.output()).as(file.getKey()).contains("[GNUPG:] VALIDSIG " + fingerprint);
            }
        }
    }

    @Test
    void aTamperedFileFailsVerification() throws Exception {
        // the check above can fail: a signature does not verify another file's bytes
        Map<String, Path> compiler = deployed("ruleforge-compiler");
        Path pom = compiler.get("ruleforge-compiler-" + VERSION + ".pom");
        Path tampered = WORK.resolve("tampered.pom");
        Files.writeString(tampered, Files.readString(pom).replace("<name>", "<name>x"));
        Processes.Result verify = gpg(WORK.resolve("gnupg"), "verify-tampered", "--batch", "--verify",
                pom.resolveSibling(pom.getFileName() + ".asc").toString(), tampered.toString());
        assertThat(verify.exit()).isNotZero();
    }

    @Test
    void thePomsCarryWhatMavenCentralRequires() throws Exception {
        Element parent = pom("ruleforge-parent");
        assertThat(text(parent, "url")).startsWith("https://");
        assertThat(text(child(child(parent, "licenses"), "license"), "name")).isEqualTo("Apache-2.0");
        assertThat(text(child(child(parent, "licenses"), "license"), "url")).startsWith("https://");
        Element developer = child(child(parent, "developers"), "developer");
        assertThat(text(developer, "name")).isNotBlank();
        Element scm = child(parent, "scm");
        assertThat(text(scm, "connection")).startsWith("scm:git:");
        assertThat(text(scm, "developerConnection")).startsWith("scm:git:");
        assertThat(text(scm, "url")).startsWith("https://");
        for (String artifactId : PUBLISHED) {
            Element pom = pom(artifactId);
            assertThat(text(pom, "name")).as(artifactId).isNotBlank();
            assertThat(text(pom, "description")).as(artifactId).isNotBlank();
            if (!artifactId.equals("ruleforge-parent")) {
                // version, url, licences, developers and scm are inherited from the parent, published with them
                assertThat(text(child(pom, "parent"), "artifactId")).isEqualTo("ruleforge-parent");
                assertThat(text(child(pom, "parent"), "version")).isEqualTo(VERSION);
            } else {
                assertThat(text(pom, "version")).isEqualTo(VERSION);
            }
        }
    }

    @Test
    void theJarsAreTheBytesOfTheNormalBuildAndCarryLicenceAndNotice() throws IOException {
        for (Map.Entry<String, byte[]> jar : normalBuild.entrySet()) {
            Path released = deployed(jar.getKey()).get(jar.getKey() + "-" + VERSION + ".jar");
            assertThat(Files.readAllBytes(released)).as(jar.getKey() + " built twice").isEqualTo(jar.getValue());
            try (ZipFile zip = new ZipFile(released.toFile())) {
                assertThat(zip.getEntry("META-INF/LICENSE")).as(jar.getKey()).isNotNull();
                assertThat(new String(zip.getInputStream(zip.getEntry("META-INF/NOTICE")).readAllBytes()))
                        .contains("Elastic License 2.0", "ATT&CK");
            }
        }
        try (ZipFile javadoc = new ZipFile(deployed("ruleforge-compiler").get("ruleforge-compiler-" + VERSION + "-javadoc.jar").toFile());
             ZipFile sources = new ZipFile(deployed("ruleforge-compiler").get("ruleforge-compiler-" + VERSION + "-sources.jar").toFile())) {
            assertThat(javadoc.getEntry("index.html")).isNotNull();
            assertThat(javadoc.getEntry("io/ruleforge/pipeline/Ruleforge.html")).isNotNull();
            assertThat(sources.getEntry("io/ruleforge/pipeline/Ruleforge.java")).isNotNull();
        }
    }

    private static Element pom(String artifactId) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = factory.newDocumentBuilder().parse(deployed(artifactId).get(artifactId + "-" + VERSION + ".pom").toFile());
        return doc.getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        return optionalChild(parent, name).orElseThrow(() -> new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">"));
    }

    private static Optional<Element> optionalChild(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static String text(Element parent, String name) {
        return child(parent, name).getTextContent().strip();
    }
}
