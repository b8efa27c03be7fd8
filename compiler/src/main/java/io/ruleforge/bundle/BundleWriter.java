package io.ruleforge.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.StagedOutputs;
import io.ruleforge.files.Sha256;
import io.ruleforge.rule.Rule;
import io.ruleforge.version.RuleforgeVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The bundle stage: writes the rules as Kibana's detection-engine import accepts them, plus what a release
 * needs around them. The output depends only on the rules' content — rules sorted by rule_id, keys in a fixed
 * order, no build timestamps — so rebuilding gives the same bytes. The bundle is written all or nothing.
 *
 * <ul>
 *   <li>{@code rules.ndjson}: one rule object per line, then the export-details line Kibana writes;</li>
 *   <li>{@code rules/<rule_id>.json}: each rule object on its own, pretty-printed, for review and partial imports;</li>
 *   <li>{@code manifest.json}: the ruleforge that wrote it (version, and git commit when built from a checkout), and
 *   rule_id, name, version and the SHA-256 of each rule's ndjson line;</li>
 *   <li>{@code <directory>.zip} next to the directory: all of the above, with fixed entry times.</li>
 * </ul>
 */
public final class BundleWriter {

    public static final String NDJSON = "rules.ndjson";
    public static final String MANIFEST = "manifest.json";
    public static final String RULES_DIRECTORY = "rules";
    /** Zip entries get a fixed time so the archive's bytes depend on content only. */
    private static final FileTime ENTRY_TIME = FileTime.fromMillis(1_577_836_800_000L); // 2020-01-01T00:00:00Z

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RuleforgeVersion writtenBy;

    /** A writer whose manifests name the running ruleforge. */
    public BundleWriter() {
        this(RuleforgeVersion.current());
    }

    /** A writer whose manifests name the given ruleforge (tests). */
    public BundleWriter(RuleforgeVersion writtenBy) {
        this.writtenBy = writtenBy;
    }

    /**
     * What was written.
     *
     * @param files every file written, the zip included
     */
    public record Bundle(Path directory, Path ndjson, Path manifest, Path zip, int rules, List<Path> files) {
        public Bundle {
            files = List.copyOf(files);
        }
    }

    /** The zip that goes with a bundle directory: beside it, named after it. */
    public static Path zipOf(Path directory) {
        return directory.resolveSibling(directory.getFileName() + ".zip");
    }

    /**
     * Writes the bundle all at once: the folder is built beside the old one and switched in with the zip, so a
     * failure part-way leaves the previous bundle byte-identical, and rules removed since then are gone with it.
     *
     * @throws OutputException naming the path that could not be written and why
     */
    public Bundle write(List<Rule> rules, VersionLock lock, Path directory) {
        Map<String, byte[]> files = render(rules, lock);
        Path zip = zipOf(directory);
        new StagedOutputs().directory(directory, files).file(zip, zip(files)).commit();
        List<Path> written = new ArrayList<>();
        files.keySet().forEach(name -> written.add(directory.resolve(name)));
        written.add(zip);
        return new Bundle(directory, directory.resolve(NDJSON), directory.resolve(MANIFEST), zip, rules.size(), written);
    }

    /** Every file of the bundle by its relative name, in a fixed order. */
    public Map<String, byte[]> render(List<Rule> rules, VersionLock lock) {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::ruleId));
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder ndjson = new StringBuilder();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", "ruleforge-bundle/1");
        // which ruleforge made the bundle: a rule set released with a faulty ruleforge can be found again
        ObjectNode ruleforge = manifest.putObject("ruleforge");
        ruleforge.put("version", writtenBy.version());
        writtenBy.commit().ifPresent(commit -> ruleforge.put("commit", commit));
        manifest.put("rule_count", sorted.size());
        ArrayNode entries = manifest.putArray("rules");
        for (Rule rule : sorted) {
            ObjectNode object = KibanaRuleObject.of(rule);
            if (object.has("version") || lock.entry(rule.ruleId()).isPresent()) {
                object.put("version", lock.deployedVersion(rule));
            }
            String line = write(JSON, object);
            ndjson.append(line).append('\n');
            files.put(RULES_DIRECTORY + "/" + rule.ruleId() + ".json", (write(PRETTY, object) + "\n").getBytes(StandardCharsets.UTF_8));
            ObjectNode entry = entries.addObject();
            entry.put("rule_id", rule.ruleId());
            entry.put("name", rule.name());
            entry.put("version", lock.deployedVersion(rule));
            entry.put("sha256", Sha256.hex(line.getBytes(StandardCharsets.UTF_8)));
        }
        ndjson.append(write(JSON, exportDetails(sorted.size()))).append('\n');
        files.put(NDJSON, ndjson.toString().getBytes(StandardCharsets.UTF_8));
        files.put(MANIFEST, (write(PRETTY, manifest) + "\n").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The last line of a Kibana rule export, in Kibana's key order; the importer reads and skips it. */
    static ObjectNode exportDetails(int rules) {
        ObjectNode d = JSON.createObjectNode();
        d.put("exported_count", rules);
        d.put("exported_rules_count", rules);
        d.putArray("missing_rules");
        d.put("missing_rules_count", 0);
        d.put("exported_exception_list_count", 0);
        d.put("exported_exception_list_item_count", 0);
        d.put("missing_exception_list_item_count", 0);
        d.putArray("missing_exception_list_items");
        d.putArray("missing_exception_lists");
        d.put("missing_exception_lists_count", 0);
        d.put("exported_action_connector_count", 0);
        d.put("missing_action_connection_count", 0);
        d.putArray("missing_action_connections");
        d.put("excluded_action_connection_count", 0);
        d.putArray("excluded_action_connections");
        return d;
    }

    private static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> file : new java.util.TreeMap<>(files).entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setCreationTime(ENTRY_TIME);
                entry.setLastModifiedTime(ENTRY_TIME);
                entry.setTime(ENTRY_TIME.toMillis());
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the bundle zip", e);
        }
        return bytes.toByteArray();
    }

    private static String write(ObjectMapper mapper, ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise the bundle", e);
        }
    }
}
