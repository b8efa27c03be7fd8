package io.ruleforge.bundle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.JsonMessages;
import io.ruleforge.files.Sha256;
import io.ruleforge.files.Utf8Text;
import io.ruleforge.rule.Rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The version lock ({@code version.lock.json} beside the rules, as in Elastic's detection-rules): for every rule
 * the version last released and a hash of its deployable content. Kibana only updates an installed rule whose
 * version goes up, so a content change without a version bump would never reach production; validation fails
 * on it and {@code ruleforge lock} bumps the version and rewrites the lock. The locked version is the one the
 * bundle deploys: the lock is the one source of truth for versions (a rule file's own {@code version} counts
 * for a rule not locked yet, and {@code ruleforge lock} takes it when it is higher; otherwise it is a warning).
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

    /** A lock file as read: the entries that could be used, and what is wrong with the others. */
    public record Read(VersionLock lock, List<Diagnostic> diagnostics) {
        public Read {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Map<String, Entry> entries;
    /** Where each key was written, for the findings about keys that need the rules to judge. */
    private final Map<String, SourcePosition> keys;
    /** How reports name the lock file; empty when there is none (no version is checked then). */
    private final Optional<String> file;

    /** Whether the file could be read as a lock at all (its rules are checked against it). */
    private final boolean readable;

    private VersionLock(Map<String, Entry> entries, Map<String, SourcePosition> keys, Optional<String> file, boolean readable) {
        this.entries = Map.copyOf(entries);
        this.keys = Map.copyOf(keys);
        this.file = file;
        this.readable = readable;
    }

    /** No lock, and nothing to say about it (a bundle, whose rule objects carry their versions). */
    public static VersionLock empty() {
        return new VersionLock(Map.of(), Map.of(), Optional.empty(), true);
    }

    /**
     * Reads a lock file. A missing file is no error here: {@link #check} reports it when there are rules. Entries
     * that cannot be used are left out and reported with their position.
     */
    public static Read read(Path file, String display) {
        if (!Files.exists(file)) {
            return new Read(empty(), List.of());
        }
        try {
            return parse(Utf8Text.read(file), display);
        } catch (Utf8Text.NotUtf8Exception e) {
            return unusable(Diagnostic.error(LockCodes.BAD_LOCK_FILE, e.position(display), "malformed lock file: " + e.problem()));
        } catch (IOException e) {
            return unusable(Diagnostic.error(LockCodes.BAD_LOCK_FILE, SourcePosition.ofFile(display),
                    "cannot read lock file: " + e.getMessage()));
        }
    }

    /** Parses a lock file's text (also the lock of a git revision); {@code display} names it in findings. */
    public static Read parse(String text, String display) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, Entry> entries = new TreeMap<>();
        Map<String, SourcePosition> keys = new TreeMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return unusable(Diagnostic.error(LockCodes.BAD_LOCK_FILE, at(display, p),
                        "a lock file is a JSON object of rule_id to {name, version, sha256}, found "
                                + (first == null ? "nothing" : p.getText())));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                SourcePosition keyAt = at(display, p);
                p.nextToken();
                SourcePosition valueAt = at(display, p);
                Map<String, SourcePosition> fieldAt = new TreeMap<>();
                JsonNode value = readEntry(p, display, fieldAt);
                if (keys.containsKey(key)) {
                    diagnostics.add(new Diagnostic(LockCodes.DUPLICATE_ENTRY, Severity.ERROR, keyAt,
                            "rule_id " + key + " is in the lock twice (first at line " + keys.get(key).line() + ")",
                            "keep one entry: JSON readers disagree on which one counts"));
                    continue;
                }
                keys.put(key, keyAt);
                entry(key, value, valueAt, fieldAt, diagnostics).ifPresent(e -> entries.put(key, e));
            }
            if (p.nextToken() != null) {
                diagnostics.add(Diagnostic.error(LockCodes.BAD_LOCK_FILE, at(display, p),
                        "malformed lock file: unexpected " + p.getText() + " after the closing }"));
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            return unusable(Diagnostic.error(LockCodes.BAD_LOCK_FILE, new SourcePosition(display, Math.max(line, 0), Math.max(column, 0)),
                    "malformed lock file: " + JsonMessages.oneLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String
        }
        return new Read(new VersionLock(entries, keys, Optional.of(display), true), diagnostics);
    }

    /**
     * A lock file that cannot be read at all: its error is the one finding — no "missing lock", and no rule
     * reported as not locked.
     */
    private static Read unusable(Diagnostic why) {
        return new Read(new VersionLock(Map.of(), Map.of(), Optional.of(why.position().file()), false), List.of(why));
    }

    /** Reads one entry's value, noting where each of its fields' values starts. */
    private static JsonNode readEntry(JsonParser p, String display, Map<String, SourcePosition> fieldAt) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.readValueAsTree();
        }
        ObjectNode entry = JSON.createObjectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            fieldAt.put(name, at(display, p));
            entry.set(name, p.readValueAsTree());
        }
        return entry;
    }

    private static Optional<Entry> entry(String key, JsonNode value, SourcePosition valueAt, Map<String, SourcePosition> fieldAt,
                                         List<Diagnostic> diagnostics) {
        if (!value.isObject()) {
            diagnostics.add(Diagnostic.error(LockCodes.BAD_LOCK_FILE, valueAt,
                    "lock entry " + key + " must be an object with a version and a sha256, found " + kind(value)));
            return Optional.empty();
        }
        JsonNode version = value.path("version");
        JsonNode sha256 = value.path("sha256");
        int before = diagnostics.size();
        if (!version.isInt() || version.asInt() < 1) {
            diagnostics.add(Diagnostic.error(LockCodes.BAD_LOCK_FILE, fieldAt.getOrDefault("version", valueAt),
                    "lock entry " + key + ": version must be a positive integer, found "
                            + (version.isMissingNode() ? "none" : version.toString())));
        }
        if (!sha256.isTextual() || !SHA256.matcher(sha256.asText()).matches()) {
            diagnostics.add(Diagnostic.error(LockCodes.BAD_LOCK_FILE, fieldAt.getOrDefault("sha256", valueAt),
                    "lock entry " + key + ": sha256 must be 64 lowercase hex digits, found "
                            + (sha256.isMissingNode() ? "none" : abbreviate(sha256.toString()))));
        }
        if (diagnostics.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Entry(value.path("name").asText(""), version.asInt(), sha256.asText()));
    }

    private static SourcePosition at(String display, JsonParser p) {
        JsonLocation location = p.currentTokenLocation();
        return new SourcePosition(display, Math.max(location.getLineNr(), 0), Math.max(location.getColumnNr(), 0));
    }

    private static String kind(JsonNode node) {
        return node.isTextual() ? "a string" : node.isArray() ? "an array" : node.isNumber() ? "a number" : node.toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }

    public Optional<Entry> entry(String ruleId) {
        return Optional.ofNullable(entries.get(ruleId));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether there was a lock file to read (a lock file may lock nothing yet). */
    public boolean exists() {
        return file.isPresent();
    }

    /**
     * The version a rule deploys with: the locked one — the lock is the one source of truth, as in detection-rules;
     * a rule file's own {@code version} counts only for a rule not locked yet, and {@code lock} takes it when higher.
     */
    public int deployedVersion(Rule rule) {
        return entry(rule.ruleId()).map(Entry::version).orElse(rule.version());
    }

    /**
     * Content changes without a version bump are errors naming the command that fixes them; rules not locked
     * yet, and rule files whose own {@code version} is not the locked one, are warnings; so are lock keys that are
     * not UUIDs but name a rule (an error when they name none). Rules without any lock file are one warning:
     * no version is checked then.
     */
    public List<Diagnostic> check(List<Rule> rules, String command, String lockFile) {
        Set<String> ids = new HashSet<>();
        rules.forEach(rule -> ids.add(rule.ruleId()));
        List<Diagnostic> out = new ArrayList<>(checkKeys(ids, command, lockFile));
        rules.forEach(rule -> out.addAll(checkRule(rule, command)));
        return out;
    }

    /**
     * The findings of {@link #check} that concern the set, not one rule: no lock file, lock keys that are not UUIDs.
     *
     * @param ruleIds the ids of the rules checked
     */
    public List<Diagnostic> checkKeys(Set<String> ruleIds, String command, String lockFile) {
        List<Diagnostic> out = new ArrayList<>();
        if (file.isEmpty()) {
            if (!ruleIds.isEmpty()) {
                out.add(new Diagnostic(LockCodes.NO_LOCK_FILE, Severity.WARNING, SourcePosition.ofFile(lockFile),
                        "no " + FILE_NAME + " beside the rules: no version is checked, and a content change without a "
                                + "version bump would never reach Kibana",
                        "run `" + command + "` to create it, and commit it"));
            }
            return out;
        }
        if (!readable) {
            return out;
        }
        keys.forEach((key, at) -> {
            if (!UUID.matcher(key).matches()) {
                // Kibana accepts any rule_id, and Elastic's own rules have one that is no UUID: a key a rule has
                // is what the rule says (validation judges the rule's id); a key no rule has is most likely a typo
                out.add(ruleIds.contains(key)
                        ? new Diagnostic(LockCodes.KEY_NOT_UUID, Severity.WARNING, at, "lock key " + key + " is not a UUID", "")
                        : new Diagnostic(LockCodes.KEY_NOT_UUID, Severity.ERROR, at,
                                "lock key " + key + " is not a UUID, and no rule has it as rule_id",
                                "correct the key to the rule's rule_id, or remove the entry"));
            }
        });
        return out;
    }

    /**
     * The findings of {@link #check} about one rule: not locked, changed without a bump, a version the lock does not
     * have. It reads the rule's document (the content hash), so a run checks each rule while the document is loaded.
     */
    public List<Diagnostic> checkRule(Rule rule, String command) {
        List<Diagnostic> out = new ArrayList<>();
        if (file.isEmpty() || !readable) {
            return out;
        }
        Optional<Entry> locked = entry(rule.ruleId());
        boolean ownVersion = !rule.document().at("/rule/version").isMissingNode();
        SourcePosition at = rule.positionOf(ownVersion ? "/rule/version" : "/rule/rule_id");
        if (locked.isEmpty()) {
            out.add(new Diagnostic(LockCodes.NOT_LOCKED, Severity.WARNING, at,
                    "rule " + rule.ruleId() + " is not in " + FILE_NAME, "run `" + command + "` to add it"));
            return out;
        }
        Entry e = locked.get();
        if (!e.sha256().equals(contentHash(rule))) {
            // a higher version in the rule file is a request for that version, but only the lock deploys it
            out.add(new Diagnostic(LockCodes.CHANGED_WITHOUT_BUMP, Severity.ERROR, at,
                    "rule content changed since version " + e.version() + " was locked, but "
                            + (rule.version() > e.version() ? "the lock does not have version " + rule.version() + " yet"
                            : "its version was not bumped"),
                    "run `" + command + "` to bump it to " + Math.max(e.version() + 1, rule.version())
                            // the lock does not edit rule files: a version written there would then disagree with it
                            + (ownVersion && rule.version() <= e.version() ? ", and remove `version` from the rule file (the lock"
                            + " keeps it) or set it to " + (e.version() + 1) : "")));
        } else if (ownVersion && rule.version() != e.version()) {
            out.add(new Diagnostic(LockCodes.VERSION_DISAGREES, Severity.WARNING, at,
                    "the rule file says version " + rule.version() + ", but " + FILE_NAME + " has "
                            + e.version() + ", and the lock's is the one deployed",
                    rule.version() > e.version()
                            ? "run `" + command + "` to take version " + rule.version() + ", or remove `version` from the rule file"
                            : "remove `version` from the rule file: the lock keeps it"));
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
        return new VersionLock(next, keys, file, readable);
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
