package io.ruleforge.bundle;

import io.ruleforge.diag.DiagnosticException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.Sha256;
import io.ruleforge.rule.Rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The version lock ({@code version.lock.json} beside the rules, as in Elastic's detection-rules): for every rule
 * the version last released and a hash of its deployable content. Kibana only updates an installed rule whose
 * version goes up, so a content change without a version bump would never reach production; validation fails
 * on it and {@code ruleforge lock} bumps the version and rewrites the lock. The locked version is the one the
 * bundle deploys (a rule file's own {@code version} only raises it).
 *
 * <p>The hash covers what Kibana receives, except {@code version} itself, with each string's whitespace
 * normalised (line endings, indentation, line wrapping): reformatting a file or re-wrapping a description is not
 * a content change; metadata ({@code [metadata]}) is not deployed and not hashed.
 */
public final class VersionLock {

    public static final String FILE_NAME = "version.lock.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** One locked rule. */
    public record Entry(String name, int version, String sha256) {
    }

    private final Map<String, Entry> entries;

    private VersionLock(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static VersionLock empty() {
        return new VersionLock(Map.of());
    }

    /**
     * Reads a lock file; empty when it does not exist.
     *
     * @throws DiagnosticException when it exists but is not a lock file
     */
    public static VersionLock read(Path file, String display) throws DiagnosticException {
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, Entry> entries = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = root == null ? java.util.Collections.emptyIterator() : root.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                if (!v.path("version").isInt() || !v.path("sha256").isTextual()) {
                    throw new DiagnosticException(Diagnostic.error(LockCodes.BAD_LOCK_FILE, SourcePosition.ofFile(display),
                            "lock entry " + e.getKey() + " must have an integer version and a sha256"));
                }
                entries.put(e.getKey(), new Entry(v.path("name").asText(""), v.path("version").asInt(), v.path("sha256").asText()));
            }
            return new VersionLock(entries);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new DiagnosticException(Diagnostic.error(LockCodes.BAD_LOCK_FILE, new SourcePosition(display, Math.max(line, 0), Math.max(column, 0)),
                    "malformed lock file: " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ")));
        } catch (IOException e) {
            throw new DiagnosticException(Diagnostic.error(LockCodes.BAD_LOCK_FILE, SourcePosition.ofFile(display),
                    "cannot read lock file: " + e.getMessage()));
        }
    }

    public Optional<Entry> entry(String ruleId) {
        return Optional.ofNullable(entries.get(ruleId));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The version a rule deploys with: the locked one, raised by the rule's own when that is higher. */
    public int deployedVersion(Rule rule) {
        return entry(rule.ruleId()).map(e -> Math.max(e.version(), rule.version())).orElse(rule.version());
    }

    /**
     * Content changes without a version bump are errors naming the command that fixes them; rules not locked
     * yet are warnings. Nothing is checked while no lock exists.
     */
    public List<Diagnostic> check(List<Rule> rules, String command) {
        List<Diagnostic> out = new ArrayList<>();
        if (isEmpty()) {
            return out;
        }
        for (Rule rule : rules) {
            Optional<Entry> locked = entry(rule.ruleId());
            SourcePosition at = rule.positionOf(rule.document().at("/rule/version").isMissingNode() ? "/rule/rule_id" : "/rule/version");
            if (locked.isEmpty()) {
                out.add(new Diagnostic(LockCodes.NOT_LOCKED, Severity.WARNING, at,
                        "rule " + rule.ruleId() + " is not in " + FILE_NAME, "run `" + command + "` to add it"));
                continue;
            }
            Entry e = locked.get();
            if (!e.sha256().equals(contentHash(rule)) && rule.version() <= e.version()) {
                out.add(new Diagnostic(LockCodes.CHANGED_WITHOUT_BUMP, Severity.ERROR, at,
                        "rule content changed since version " + e.version() + " was locked, but its version was not bumped",
                        "run `" + command + "` to bump it to " + (e.version() + 1)));
            }
        }
        return out;
    }

    /**
     * The lock after {@code ruleforge lock}: every current rule at its deployed version, bumped by one where its
     * content changed without a bump; entries of rules no longer present are kept (their ids stay taken).
     */
    public VersionLock updated(List<Rule> rules) {
        Map<String, Entry> next = new TreeMap<>(entries);
        for (Rule rule : rules) {
            String hash = contentHash(rule);
            Entry previous = entries.get(rule.ruleId());
            int version;
            if (previous == null) {
                version = rule.version();
            } else if (previous.sha256().equals(hash)) {
                version = Math.max(previous.version(), rule.version());
            } else {
                version = Math.max(previous.version() + 1, rule.version());
            }
            next.put(rule.ruleId(), new Entry(rule.name(), version, hash));
        }
        return new VersionLock(next);
    }

    /** The lock file's bytes: keys sorted, two-space indentation, a final newline — the same lock, the same bytes. */
    public String render() {
        ObjectNode root = PRETTY.createObjectNode();
        new TreeMap<>(entries).forEach((id, e) -> {
            ObjectNode entry = root.putObject(id);
            entry.put("name", e.name());
            entry.put("sha256", e.sha256());
            entry.put("version", e.version());
        });
        try {
            return PRETTY.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the deployable content: the Kibana rule object without its version, strings whitespace-normalised. */
    public static String contentHash(Rule rule) {
        ObjectNode object = KibanaRuleObject.of(rule);
        object.remove("version");
        try {
            return Sha256.hex(JSON.writeValueAsBytes(normaliseWhitespace(object)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode normaliseWhitespace(JsonNode node) {
        if (node.isTextual()) {
            // a run of whitespace that contains a line break is layout (indentation, wrapping), not content
            return TextNode.valueOf(node.asText().replaceAll("[ \\t]*\\R\\s*", " ").strip());
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), normaliseWhitespace(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(e -> copy.add(normaliseWhitespace(e)));
            return copy;
        }
        return node;
    }
}
