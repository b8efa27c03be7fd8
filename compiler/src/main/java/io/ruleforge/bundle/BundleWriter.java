package io.ruleforge.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.StagedOutputs;
import io.ruleforge.files.Sha256;
import io.ruleforge.rule.ExceptionEntry;
import io.ruleforge.rule.ExceptionItem;
import io.ruleforge.rule.ExceptionList;
import io.ruleforge.rule.ExceptionListLoader;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.rule.Rule;
import io.ruleforge.rule.ValueList;
import io.ruleforge.version.RuleforgeVersion;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The bundle stage: writes the rules as Kibana's detection-engine import accepts them, plus what a release
 * needs around them. The output depends only on the rules' content — rules sorted by rule_id, keys in a fixed
 * order, no build timestamps — so rebuilding gives the same bytes. The bundle is written all or nothing.
 *
 * <ul>
 *   <li>{@code rules.ndjson}: one rule object per line; then each exception list the rules name that the project
 *   keeps, its container and then its items, as Kibana's export writes them and its rule import creates them; then
 *   the export-details line Kibana writes;</li>
 *   <li>{@code rules/<rule_id>.json}: each rule object on its own, pretty-printed, for review and partial imports;</li>
 *   <li>{@code value_lists/<type>/<id>}: each value list the bundled exception items test that the project keeps,
 *   one value a line, as Kibana's list import takes it ({@code POST /api/lists/items/_import?type=<type>});</li>
 *   <li>{@code manifest.json}: the ruleforge that wrote it (version, and git commit when built from a checkout), and
 *   rule_id, name, version and the SHA-256 of each rule's ndjson line, and list_id, namespace and item count of each
 *   exception list, and id, type, value count and SHA-256 of each value list;</li>
 *   <li>{@code <directory>.zip} next to the directory: all of the above, with fixed entry times, in the order they
 *   are written — the rule files by rule_id, then the ndjson, then the value lists, then the manifest.</li>
 * </ul>
 */
public final class BundleWriter {

    public static final String NDJSON = "rules.ndjson";
    public static final String MANIFEST = "manifest.json";
    public static final String RULES_DIRECTORY = "rules";

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
     * @param files  every file written, the zip included
     * @param sha256 the SHA-256 of each of {@code files}, hashed as it was written (no second read)
     */
    public record Bundle(Path directory, Path ndjson, Path manifest, Path zip, int rules, List<Path> files,
                         Map<Path, String> sha256) {
        public Bundle {
            files = List.copyOf(files);
            sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
        }
    }

    /** The zip that goes with a bundle directory: beside it, named after it. */
    public static Path zipOf(Path directory) {
        return directory.resolveSibling(directory.getFileName() + ".zip");
    }

    /**
     * Writes the bundle all at once: the folder is built beside the old one and switched in with the zip, so a
     * failure part-way leaves the previous bundle byte-identical, and rules removed since then are gone with it.
     * Rules are rendered a chunk at a time and written straight into the staged folder, so memory grows with the
     * largest rules, not with the rule count.
     *
     * @throws OutputException naming the path that could not be written and why
     */
    public Bundle write(List<Rule> rules, VersionLock lock, Path directory) {
        return write(rules, lock, ExceptionLists.none(), directory);
    }

    /**
     * As {@link #write(List, VersionLock, Path)}, with the exception lists of {@code exceptions} that the rules name.
     */
    public Bundle write(List<Rule> rules, VersionLock lock, ExceptionLists exceptions, Path directory) {
        StagedOutputs outputs = new StagedOutputs();
        Path zipPath = zipOf(directory);
        StagedFiles files = null;
        try {
            files = new StagedFiles(directory, outputs.writeDirectory(directory));
            String zipHash;
            // the zip is deflated on its own thread while the files are rendered, each entry as its file is written
            try (BackgroundZip zip = BackgroundZip.start(outputs.writeFile(zipPath), zipPath)) {
                render(rules, lock, exceptions, files, zip);
                zipHash = zip.finish();
            }
            outputs.commit();
            Map<Path, String> hashes = new LinkedHashMap<>();
            files.sha256.forEach((name, hash) -> hashes.put(directory.resolve(name), hash));
            hashes.put(zipPath, zipHash);
            return new Bundle(directory, directory.resolve(NDJSON), directory.resolve(MANIFEST), zipPath, rules.size(),
                    new ArrayList<>(hashes.keySet()), hashes);
        } catch (IOException e) {
            outputs.discard();
            throw OutputException.of(files == null ? directory : files.current, e);
        } catch (RuntimeException e) {
            outputs.discard();
            throw e;
        }
    }

    /** Writes the folder's files into its staged copy and hands each to the zip as it is written. */
    private void render(List<Rule> rules, VersionLock lock, ExceptionLists exceptions, StagedFiles files, BackgroundZip zip)
            throws IOException {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::ruleId));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", "ruleforge-bundle/1");
        // which ruleforge made the bundle: a rule set released with a faulty ruleforge can be found again
        ObjectNode ruleforge = manifest.putObject("ruleforge");
        ruleforge.put("version", writtenBy.version());
        writtenBy.commit().ifPresent(commit -> ruleforge.put("commit", commit));
        manifest.put("rule_count", sorted.size());
        ArrayNode entries = manifest.putArray("rules");
        // the lists the rules name, in list_id order: Kibana's import creates them before the rules that use them
        TreeSet<ExceptionList> named = new TreeSet<>(Comparator.comparing(ExceptionList::listId).thenComparing(ExceptionList::namespaceType));
        int items = 0;
        try (HashedStream ndjson = files.open(NDJSON)) {
            for (int from = 0; from < sorted.size(); from += RENDER_CHUNK) {
                // a chunk of rules rendered and hashed on every core, then written in order: the writing and the
                // hashing of the ndjson stay sequential, memory holds one chunk (a rule whose document the run
                // released reads its file again here, once)
                List<RenderedRule> chunk = sorted.subList(from, Math.min(sorted.size(), from + RENDER_CHUNK))
                        .parallelStream().map(rule -> RenderedRule.of(rule.attached(), lock, exceptions)).toList();
                for (RenderedRule rule : chunk) {
                    named.addAll(rule.exceptionLists());
                    files.current = ndjson.target;
                    ndjson.write(rule.line());
                    ndjson.write('\n');
                    String name = RULES_DIRECTORY + "/" + rule.ruleId() + ".json";
                    files.write(name, rule.pretty(), rule.prettySha256());
                    zip.add(name, rule.pretty());
                    ObjectNode entry = entries.addObject();
                    entry.put("rule_id", rule.ruleId());
                    entry.put("name", rule.name());
                    entry.put("version", rule.version());
                    entry.put("sha256", rule.lineSha256());
                }
            }
            ArrayNode listEntries = manifest.putArray("exception_lists");
            for (ExceptionList list : named) {
                files.current = ndjson.target;
                ndjson.write(utf8(JSON, importable(list.container(), list)));
                ndjson.write('\n');
                for (ExceptionItem item : list.items()) {
                    ndjson.write(utf8(JSON, importable(item.source(), list)));
                    ndjson.write('\n');
                }
                items += list.items().size();
                ObjectNode entry = listEntries.addObject();
                entry.put("list_id", list.listId());
                entry.put("namespace_type", list.namespaceType());
                entry.put("items", list.items().size());
            }
            files.current = ndjson.target;
            ndjson.write(utf8(JSON, exportDetails(sorted.size(), named.size(), items)));
            ndjson.write('\n');
        }
        zip.addFile(NDJSON, files.stagedFile(NDJSON));
        // the value lists the bundled items test: Kibana imports them apart from the rules (its lists API)
        List<ValueList> valueLists = valueListsTested(named, exceptions);
        // a bundle without value lists keeps the manifest it had before they were bundled
        if (!valueLists.isEmpty()) {
            ArrayNode valueListEntries = manifest.putArray("value_lists");
            for (ValueList list : valueLists) {
                String name = ExceptionListLoader.VALUE_LISTS_FOLDER + "/" + list.type() + "/" + list.id();
                StringBuilder text = new StringBuilder();
                list.values().forEach(v -> text.append(v).append('\n'));
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                files.write(name, bytes);
                zip.add(name, bytes);
                ObjectNode entry = valueListEntries.addObject();
                entry.put("id", list.id());
                entry.put("type", list.type());
                entry.put("values", list.values().size());
                entry.put("sha256", files.sha256.get(name));
            }
        }
        byte[] manifestBytes = withNewline(utf8(PRETTY, manifest));
        files.write(MANIFEST, manifestBytes);
        zip.add(MANIFEST, manifestBytes);
    }

    /** The value lists kept in the project that the items of {@code lists} test, by type and id. */
    private static List<ValueList> valueListsTested(Collection<ExceptionList> lists, ExceptionLists exceptions) {
        TreeSet<ValueList> tested = new TreeSet<>(Comparator.comparing(ValueList::type).thenComparing(ValueList::id));
        for (ExceptionList list : lists) {
            for (ExceptionItem item : list.items()) {
                for (ExceptionEntry entry : item.entries()) {
                    if (entry instanceof ExceptionEntry.ValueList ref) {
                        exceptions.valueList(ref.listId()).ifPresent(tested::add);
                    }
                }
            }
        }
        return List.copyOf(tested);
    }

    /** Rules rendered together before their files are written: enough to keep both cores busy, few to hold. */
    private static final int RENDER_CHUNK = 64;

    /** One rule as the bundle has it: its ndjson line, its pretty file, their hashes, its manifest fields. */
    private record RenderedRule(String ruleId, String name, int version, byte[] line, String lineSha256,
                                byte[] pretty, String prettySha256, List<ExceptionList> exceptionLists) {

        static RenderedRule of(Rule rule, VersionLock lock, ExceptionLists exceptions) {
            List<ExceptionList> lists = exceptions.namedBy(rule.document().at("/rule/exceptions_list"));
            ObjectNode object = KibanaRuleObject.of(rule);
            if (object.has("version") || lock.entry(rule.ruleId()).isPresent()) {
                object.put("version", lock.deployedVersion(rule));
            }
            try {
                byte[] line = utf8(JSON, object);
                byte[] pretty = withNewline(utf8(PRETTY, object));
                return new RenderedRule(rule.ruleId(), rule.name(), lock.deployedVersion(rule), line, Sha256.hex(line),
                        pretty, Sha256.hex(pretty), lists);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serialise rule " + rule.ruleId(), e);
            }
        }
    }

    private static byte[] withNewline(byte[] json) {
        byte[] bytes = Arrays.copyOf(json, json.length + 1);
        bytes[json.length] = '\n';
        return bytes;
    }

    /**
     * The bundle folder's files, written into its staged copy as they are rendered and hashed on their way out;
     * only their names and hashes are kept (for the zip and the build state).
     */
    private static final class StagedFiles {
        private final Path directory;
        private final Path staged;
        /** By relative name, in the order the build state lists them: rule files, the ndjson, the manifest. */
        final Map<String, String> sha256 = new LinkedHashMap<>();
        /** The file being written, by its final path: what an error message names. */
        Path current;

        StagedFiles(Path directory, Path staged) {
            this.directory = directory;
            this.staged = staged;
            this.current = directory;
        }

        void write(String name, byte[] bytes) throws IOException {
            write(name, bytes, Sha256.hex(bytes));
        }

        /** As above, with the bytes' SHA-256 already taken. */
        void write(String name, byte[] bytes, String hash) throws IOException {
            current = directory.resolve(name);
            Path file = staged.resolve(name);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            sha256.put(name, hash);
        }

        /** A file written piece by piece; its hash is recorded when it is closed. */
        HashedStream open(String name) throws IOException {
            current = directory.resolve(name);
            MessageDigest digest = Sha256.newDigest();
            OutputStream out = Files.newOutputStream(staged.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new HashedStream(new DigestOutputStream(out, digest), current, () -> sha256.put(name, HexFormat.of().formatHex(digest.digest())));
        }

        Path stagedFile(String name) {
            return staged.resolve(name);
        }
    }

    /** A buffered file stream that runs {@code onClose} once its last bytes are out. */
    private static final class HashedStream extends BufferedOutputStream {
        final Path target;
        private final Runnable onClose;

        HashedStream(OutputStream out, Path target, Runnable onClose) {
            super(out, 64 * 1024);
            this.target = target;
            this.onClose = onClose;
        }

        @Override
        public void close() throws IOException {
            super.close();
            onClose.run();
        }
    }

    /**
     * A list's container or item as Kibana's import reads it: as written, with the keys it requires that a project
     * file may leave to their defaults (an item's {@code list_id}, {@code namespace_type} and {@code type}; a
     * container's {@code namespace_type}) filled in, so that an item lands in its list's namespace.
     */
    private static ObjectNode importable(ObjectNode object, ExceptionList list) {
        boolean item = object.has("entries");
        if (item) {
            if (!object.has("list_id")) {
                object.put("list_id", list.listId());
            }
            if (!object.has("type")) {
                object.put("type", "simple");
            }
        }
        if (!object.has("namespace_type")) {
            object.put("namespace_type", list.namespaceType());
        }
        return object;
    }

    /** The last line of a Kibana rule export, in Kibana's key order; the importer reads and skips it. */
    static ObjectNode exportDetails(int rules) {
        return exportDetails(rules, 0, 0);
    }

    static ObjectNode exportDetails(int rules, int exceptionLists, int exceptionItems) {
        ObjectNode d = JSON.createObjectNode();
        d.put("exported_count", rules + exceptionLists + exceptionItems);
        d.put("exported_rules_count", rules);
        d.putArray("missing_rules");
        d.put("missing_rules_count", 0);
        d.put("exported_exception_list_count", exceptionLists);
        d.put("exported_exception_list_item_count", exceptionItems);
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

    /**
     * JSON as UTF-8 bytes, serialised to a string first: Jackson's byte writer escapes a character outside the Basic
     * Multilingual Plane (an emoji in a query) as two escaped UTF-16 surrogates, its string writer keeps it as is, and
     * the bundle's bytes (and the manifest's hashes) have always been the latter.
     */
    private static byte[] utf8(ObjectMapper mapper, ObjectNode node) throws IOException {
        return mapper.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    }
}
