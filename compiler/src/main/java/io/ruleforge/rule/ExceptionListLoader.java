package io.ruleforge.rule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Code;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.load.LoadCodes;
import io.ruleforge.load.RuleDocument;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.load.SourceFormat;

import io.ruleforge.files.FileProblems;
import io.ruleforge.files.Sha256;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the project's exception lists: every {@code .toml}, {@code .yaml} and {@code .yml} file below a folder, in
 * the layout Elastic's {@code detection-rules} repository exports them ({@code kibana export-rules}):
 *
 * <pre>{@code
 * [[exceptions]]
 * [exceptions.container]
 * list_id = "trusted-backup-hosts"      # what rules name in [[rule.exceptions_list]]
 * name = "Trusted backup hosts"
 * description = "..."
 * type = "detection"
 * namespace_type = "single"             # the default
 *
 * [[exceptions.items]]
 * item_id = "backup-agent"
 * name = "Backup agent"
 * description = "..."
 * type = "simple"
 * [[exceptions.items.entries]]
 * field = "process.name"
 * operator = "included"                 # or "excluded"
 * type = "match"                        # match, match_any, wildcard, exists, list, nested
 * value = "backup.exe"
 * }</pre>
 *
 * A {@code [metadata]} table (detection-rules' bookkeeping) is read past. Every problem is reported with its position,
 * as Kibana's exception list API would refuse it; an item or list with a problem is left out.
 *
 * <p>The value lists that items test ({@code type = "list"} entries) are the files below the folder's
 * {@code value_lists/<type>/}, each named by its list's id ({@link ValueList}).
 */
public final class ExceptionListLoader {

    public static final String BAD_LIST = Code.RF2024.id();
    public static final String DUPLICATE_LIST = Code.RF2025.id();
    public static final String PLAIN_ESCAPE = Code.RF2026.id();
    public static final String EMPTY_VALUE_LIST = Code.RF2027.id();
    /** The folder below the exception lists folder that holds the value lists. */
    public static final String VALUE_LISTS_FOLDER = ValueListReader.FOLDER;

    private static final Set<String> ENTRY_TYPES = Set.of("match", "match_any", "wildcard", "exists", "list", "nested");
    private static final Set<String> NESTED_ENTRY_TYPES = Set.of("match", "match_any", "exists");
    private static final Set<String> OPERATORS = Set.of("included", "excluded");
    private static final Set<String> NAMESPACES = Set.of("single", "agnostic");
    private static final Set<String> LIST_TYPES = Set.of("detection", "endpoint", "endpoint_events",
            "endpoint_host_isolation_exceptions", "endpoint_blocklists", "endpoint_trusted_apps", "rule_default");
    private static final Set<String> OS_TYPES = Set.of("windows", "linux", "macos");

    private final RuleLoader files;

    /** @param displayBase directory that file names in messages are relative to */
    public ExceptionListLoader(Path displayBase) {
        this.files = new RuleLoader(displayBase);
    }

    /**
     * @param lists       the lists read without problems
     * @param diagnostics every problem found
     * @param digest      the SHA-256 of every file read, by name and text: what verdicts made with these lists
     *                    depend on (the bytes read, not the folder as it may be by the time a build records them)
     */
    public record Result(ExceptionLists lists, List<Diagnostic> diagnostics, String digest) {
        public Result {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /**
     * The lists below {@code directory}. A missing folder holds no list, unless {@code required} (it was named
     * explicitly), which is an error.
     */
    public Result load(Path directory, boolean required) {
        if (!Files.isDirectory(directory)) {
            return new Result(ExceptionLists.none(), required
                    ? List.of(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(files.displayPath(directory)),
                    FileProblems.isPresent(directory) ? "exception lists folder is not a directory"
                            : "exception lists folder does not exist"))
                    : List.of(), Sha256.hex(new byte[0]));
        }
        Path valueLists = directory.resolve(VALUE_LISTS_FOLDER);
        RuleLoader.Found found = files.find(directory, List.of(valueLists));
        Reading reading = new Reading(found.unreadable());
        for (Path file : found.files()) {
            try {
                reading.add(files.load(file));
            } catch (DiagnosticException e) {
                reading.failed(e);
            }
        }
        for (Path file : valueListFiles(valueLists, reading.diagnostics)) {
            String display = files.displayPath(file);
            try {
                reading.add(new ValueListReader.ValueListFile(display, valueLists.relativize(file).toString().replace('\\', '/'),
                        Files.readAllBytes(file)));
            } catch (IOException e) {
                reading.diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(display),
                        "cannot read value list: " + FileProblems.describe(e)));
            }
        }
        return reading.result();
    }

    /**
     * Whether a path below {@code value_lists/} ({@code <type>/<id>}, with '/') is a value list: a file or folder
     * whose name starts with a dot (such as a {@code .gitkeep}) is none.
     */
    public static boolean isValueList(String relative) {
        return Arrays.stream(relative.split("/")).noneMatch(name -> name.startsWith("."));
    }

    /**
     * The regular files below {@code value_lists/} that are value lists, in path order; what cannot be searched or
     * read is reported, each on its own, and the walk goes on.
     */
    private List<Path> valueListFiles(Path folder, List<Diagnostic> diagnostics) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.equals(folder) || isValueList(folder.relativize(dir).toString().replace('\\', '/'))
                            ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!isValueList(folder.relativize(file).toString().replace('\\', '/'))) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile()) {
                        found.add(file);
                    } else {
                        diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(files.displayPath(file)),
                                "cannot read value list: expected a regular file"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!isValueList(folder.relativize(file).toString().replace('\\', '/'))) {
                        return FileVisitResult.CONTINUE;
                    }
                    diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(files.displayPath(file)),
                            "cannot read value list: " + FileProblems.describe(e)));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(files.displayPath(folder)),
                    "cannot search folder for value lists: " + FileProblems.describe(e)));
        }
        found.sort(null);
        return found;
    }

    /** A list file's name as messages show it, its format and its bytes (e.g. as committed at a git revision). */
    public record FileBytes(String display, SourceFormat format, byte[] bytes) {
    }

    /**
     * A value list file's name as messages show it, its path below {@code value_lists/} ({@code <type>/<id>}, with
     * '/') and its bytes.
     */
    public record ValueListBytes(String display, String relative, byte[] bytes) {
    }

    /**
     * The lists in {@code files} and the value lists in {@code valueLists}, read in their order: for a folder that is
     * not on disk, such as a git revision's.
     */
    public Result read(List<FileBytes> files, List<ValueListBytes> valueLists) {
        Reading reading = new Reading(List.of());
        for (FileBytes file : files) {
            try {
                reading.add(this.files.parse(file.display(), file.format(), file.bytes()));
            } catch (DiagnosticException e) {
                reading.failed(e);
            }
        }
        valueLists.forEach(v -> reading.add(new ValueListReader.ValueListFile(v.display(), v.relative(), v.bytes())));
        return reading.result();
    }

    /** The lists of the files read so far, the first of two with the same list_id and namespace kept. */
    private static final class Reading {
        private final List<Diagnostic> diagnostics;
        private final List<ExceptionList> lists = new ArrayList<>();
        private final List<ValueList> valueLists = new ArrayList<>();
        /** The ids of value lists whose file has errors, and the file. */
        private final Map<String, String> unreadableValueLists = new HashMap<>();
        private final Map<String, SourcePosition> firstDefined = new HashMap<>();
        private final Map<String, SourcePosition> itemIds = new HashMap<>();
        private final StringBuilder read = new StringBuilder();

        Reading(List<Diagnostic> unreadable) {
            this.diagnostics = new ArrayList<>(unreadable);
        }

        void add(RuleDocument document) {
            read.append(document.displayPath()).append('\u0000').append(document.textSha256()).append('\n');
            for (ExceptionList list : new FileReader(document, diagnostics).lists()) {
                SourcePosition first = firstDefined.putIfAbsent(ExceptionLists.key(list.listId(), list.namespaceType()), list.position());
                if (first != null) {
                    diagnostics.add(Diagnostic.error(DUPLICATE_LIST, list.position(), "exception list " + list.label()
                            + " is already defined at " + first + "; rules would get the items of the first one only"));
                    continue;
                }
                lists.add(list);
                // Kibana's import finds an item by its item_id within the namespace, whatever its list
                for (ExceptionItem item : list.items()) {
                    SourcePosition earlier = itemIds.putIfAbsent(ExceptionLists.key(item.itemId(), list.namespaceType()), item.position());
                    if (earlier != null) {
                        diagnostics.add(Diagnostic.error(DUPLICATE_LIST, item.position(), "item_id \"" + item.itemId()
                                + "\" is already used at " + earlier + "; Kibana's import would take one item for the other"));
                    }
                }
            }
        }

        void add(ValueListReader.ValueListFile file) {
            read.append(file.display()).append('\u0000').append(Sha256.hex(file.bytes())).append('\n');
            Optional<ValueList> read = ValueListReader.read(file, diagnostics);
            if (read.isEmpty()) {
                ValueListReader.idOf(file.relative()).ifPresent(id -> unreadableValueLists.put(id, file.display()));
            }
            read.ifPresent(list -> {
                Optional<ValueList> first = valueLists.stream().filter(v -> v.id().equals(list.id())).findFirst();
                if (first.isPresent()) {
                    diagnostics.add(Diagnostic.error(DUPLICATE_LIST, list.position(), "value list \"" + list.id()
                            + "\" is already kept at " + first.get().position().file() + "; Kibana knows a list by its id alone"));
                } else {
                    valueLists.add(list);
                }
                if (list.values().isEmpty()) {
                    diagnostics.add(new Diagnostic(EMPTY_VALUE_LIST, Severity.WARNING, list.position(), "the value list \""
                            + list.id() + "\" holds no value: an entry that tests it holds for every event (an ip_range"
                            + " list builds a bool of no clause, an excluded entry a must_not of nothing), but for an included"
                            + " entry on a keyword or ip list, which holds for none (a terms query of no value)",
                            "add the list's values, or remove the entries that test it"));
                }
            });
        }

        void failed(DiagnosticException e) {
            diagnostics.add(reworded(e.diagnostic()));
        }

        Result result() {
            // Kibana builds an entry by its own list.type: one that disagrees with the list kept is an authoring error
            for (ExceptionList list : lists) {
                for (ExceptionItem item : list.items()) {
                    for (ExceptionEntry entry : item.entries()) {
                        if (entry instanceof ExceptionEntry.ValueList ref) {
                            valueLists.stream().filter(v -> v.id().equals(ref.listId()) && !v.type().equals(ref.listType()))
                                    .findFirst().ifPresent(v -> diagnostics.add(new Diagnostic(BAD_LIST, Severity.ERROR, item.position(),
                                            "exception item " + item.label() + " tests " + ref.field() + " against the value"
                                                    + " list \"" + ref.listId() + "\" of type " + ref.listType() + ", but the"
                                                    + " project keeps it with type " + v.type() + " (" + v.position().file() + ")",
                                            "give the entry's list.type the list's type, or move the list to " + VALUE_LISTS_FOLDER
                                                    + "/" + ref.listType() + "/" + ref.listId())));
                        }
                    }
                }
            }
            return new Result(ExceptionLists.of(lists, valueLists, unreadableValueLists), diagnostics, Sha256.hex(read.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The rule loader's words for an empty or scalar file name a rule; here the file holds exception lists. */
    private static Diagnostic reworded(Diagnostic d) {
        if (d.code().equals(LoadCodes.EMPTY)) {
            return Diagnostic.error(d.code(), d.position(), "expected exception lists ([[exceptions]]), found an empty file");
        }
        if (d.code().equals(LoadCodes.NOT_A_TABLE)) {
            return Diagnostic.error(d.code(), d.position(), d.message().replace("[metadata] and [rule]", "[[exceptions]]"));
        }
        return d;
    }

    /** One file's lists, its problems added to {@code diagnostics}. */
    private static final class FileReader {
        private final RuleDocument document;
        private final List<Diagnostic> diagnostics;
        private boolean problem;

        FileReader(RuleDocument document, List<Diagnostic> diagnostics) {
            this.document = document;
            this.diagnostics = diagnostics;
        }

        List<ExceptionList> lists() {
            JsonNode exceptions = document.at("/exceptions");
            List<ExceptionList> lists = new ArrayList<>();
            if (!exceptions.isArray() || exceptions.isEmpty()) {
                report("", "expected [[exceptions]] tables, each with an [exceptions.container] and its [[exceptions.items]], found "
                        + found(exceptions));
                return lists;
            }
            for (int i = 0; i < exceptions.size(); i++) {
                list("/exceptions/" + i).ifPresent(lists::add);
            }
            return lists;
        }

        private Optional<ExceptionList> list(String at) {
            problem = false;
            JsonNode container = document.at(at + "/container");
            if (!container.isObject()) {
                report(at, "expected an [exceptions.container] table (list_id, name, description, type), found " + found(container));
                return Optional.empty();
            }
            String c = at + "/container";
            String listId = requiredText(c, "list_id");
            String name = requiredText(c, "name");
            requiredText(c, "description");
            oneOf(c, "type", LIST_TYPES, true);
            String namespace = oneOf(c, "namespace_type", NAMESPACES, false).orElse(ExceptionLists.DEFAULT_NAMESPACE);
            JsonNode itemsNode = document.at(at + "/items");
            List<ExceptionItem> items = new ArrayList<>();
            if (!itemsNode.isMissingNode() && !itemsNode.isArray()) {
                report(at + "/items", "expected [[exceptions.items]] tables, found " + found(itemsNode));
            }
            boolean listProblem = problem;
            for (int i = 0; i < itemsNode.size() && itemsNode.isArray(); i++) {
                item(at + "/items/" + i, listId, namespace).ifPresent(items::add);
            }
            if (listProblem) {
                return Optional.empty();
            }
            return Optional.of(new ExceptionList(listId, namespace, name, position(c), (ObjectNode) container, items));
        }

        private Optional<ExceptionItem> item(String at, String listId, String namespace) {
            problem = false;
            JsonNode item = document.at(at);
            if (!item.isObject()) {
                report(at, "expected an exception item table, found " + found(item));
                return Optional.empty();
            }
            String name = requiredText(at, "name");
            requiredText(at, "description");
            if (item.has("type") && !item.path("type").asText().equals("simple")) {
                report(at + "/type", "expected \"simple\" (the only type of exception item), found " + found(item.path("type")));
            }
            if (item.has("list_id") && !item.path("list_id").asText().equals(listId)) {
                report(at + "/list_id", "expected the list_id of its container, \"" + listId + "\", found " + found(item.path("list_id")));
            }
            if (item.has("namespace_type") && !item.path("namespace_type").asText().equals(namespace)) {
                report(at + "/namespace_type", "expected the namespace_type of its container, \"" + namespace + "\", found "
                        + found(item.path("namespace_type")));
            }
            // Kibana's export always has one, and its import requires it: the bundle's item is matched by it
            String itemId = requiredText(at, "item_id");
            List<String> osTypes = new ArrayList<>();
            JsonNode os = item.path("os_types");
            if (!os.isMissingNode()) {
                if (!os.isArray()) {
                    report(at + "/os_types", "expected a list of windows, linux, macos, found " + found(os));
                }
                for (int i = 0; i < os.size(); i++) {
                    if (OS_TYPES.contains(os.get(i).asText()) && os.get(i).isTextual()) {
                        osTypes.add(os.get(i).asText());
                    } else {
                        report(at + "/os_types/" + i, "expected windows, linux or macos, found " + found(os.get(i)));
                    }
                }
            }
            Optional<Instant> expires = Optional.empty();
            if (item.has("expire_time")) {
                expires = expireTime(at + "/expire_time", item.path("expire_time"));
            }
            List<ExceptionEntry> entries = entries(at + "/entries", "", ENTRY_TYPES);
            if (problem) {
                return Optional.empty();
            }
            return Optional.of(new ExceptionItem(itemId, name, osTypes, entries, expires, position(at), (ObjectNode) item));
        }

        private List<ExceptionEntry> entries(String at, String within, Set<String> types) {
            JsonNode entries = document.at(at);
            List<ExceptionEntry> out = new ArrayList<>();
            if (!entries.isArray() || entries.isEmpty()) {
                report(at, "expected at least one entry ([[" + within + "entries]] with field, operator, type and value), found "
                        + found(entries));
                return out;
            }
            for (int i = 0; i < entries.size(); i++) {
                entry(at + "/" + i, types).ifPresent(out::add);
            }
            return out;
        }

        private Optional<ExceptionEntry> entry(String at, Set<String> types) {
            JsonNode entry = document.at(at);
            if (!entry.isObject()) {
                report(at, "expected an entry table, found " + found(entry));
                return Optional.empty();
            }
            String field = requiredText(at, "field");
            Optional<String> type = oneOf(at, "type", types, true);
            if (type.isEmpty() || field.isEmpty()) {
                return Optional.empty();
            }
            if (type.get().equals("nested")) {
                List<ExceptionEntry> inner = entries(at + "/entries", "nested ", NESTED_ENTRY_TYPES);
                return inner.isEmpty() ? Optional.empty() : Optional.of(new ExceptionEntry.Nested(field, inner));
            }
            boolean excluded = oneOf(at, "operator", OPERATORS, true).map("excluded"::equals).orElse(false);
            JsonNode value = entry.path("value");
            switch (type.get()) {
                case "match":
                    return nonEmptyText(at + "/value", value).map(v -> new ExceptionEntry.Match(field, excluded, v));
                case "wildcard": {
                    Optional<String> pattern = nonEmptyText(at + "/value", value);
                    pattern.ifPresent(p -> checkEscapes(at + "/value", p));
                    return pattern.map(v -> new ExceptionEntry.Wildcard(field, excluded, v));
                }
                case "match_any": {
                    if (!value.isArray() || value.isEmpty()) {
                        report(at + "/value", "expected a non-empty list of strings, found " + found(value));
                        return Optional.empty();
                    }
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < value.size(); i++) {
                        nonEmptyText(at + "/value/" + i, value.get(i)).ifPresent(values::add);
                    }
                    return values.size() == value.size() ? Optional.of(new ExceptionEntry.MatchAny(field, excluded, values)) : Optional.empty();
                }
                case "exists":
                    if (!value.isMissingNode()) {
                        report(at + "/value", "expected no value: an exists entry tests only that the field has one");
                    }
                    return Optional.of(new ExceptionEntry.Exists(field, excluded));
                default: { // list
                    JsonNode list = entry.path("list");
                    if (!list.path("id").isTextual() || !list.path("type").isTextual()) {
                        report(at + "/list", "expected a list table with the value list's id and type, found " + found(list));
                        return Optional.empty();
                    }
                    return Optional.of(new ExceptionEntry.ValueList(field, excluded, list.path("id").asText(), list.path("type").asText()));
                }
            }
        }

        /**
         * Elasticsearch's wildcard query reads a backslash as an escape, so {@code C:\Tools\*} matches
         * {@code C:Tools*} literally, star included: a Windows path written with single backslashes, as Kibana's
         * editor takes it, never matches. Warned at the first backslash that escapes a plain character.
         */
        private void checkEscapes(String at, String pattern) {
            for (int i = 0; i < pattern.length() - 1; i++) {
                if (pattern.charAt(i) != '\\') {
                    continue;
                }
                char next = pattern.charAt(i + 1);
                if (next != '\\' && next != '*' && next != '?') {
                    diagnostics.add(new Diagnostic(PLAIN_ESCAPE, Severity.WARNING, document.sourceMap().positionInString(at, i),
                            "\"\\" + next + "\" in this wildcard is the plain character \"" + next + "\": Elasticsearch reads"
                                    + " a backslash as an escape, so the pattern does not match a path written with single backslashes",
                            "write each backslash of a path twice (\\\\), e.g. in a TOML literal string 'C:\\\\Tools\\\\*'"));
                    return;
                }
                i++; // the escaped character is consumed with its backslash
            }
        }

        private Optional<Instant> expireTime(String at, JsonNode value) {
            try {
                return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
            } catch (DateTimeParseException e) {
                report(at, "expected an ISO 8601 date-time with its offset (e.g. 2026-12-31T00:00:00Z), found " + found(value));
                return Optional.empty();
            }
        }

        private String requiredText(String at, String key) {
            JsonNode value = document.at(at + "/" + key);
            return nonEmptyText(at + "/" + key, value.isMissingNode() ? null : value, key).orElse("");
        }

        private Optional<String> nonEmptyText(String at, JsonNode value) {
            return nonEmptyText(at, value, null);
        }

        private Optional<String> nonEmptyText(String at, JsonNode value, String missingKey) {
            if (value == null) {
                report(parent(at), "missing required key " + missingKey);
                return Optional.empty();
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                report(at, "expected a non-empty string, found " + found(value));
                return Optional.empty();
            }
            return Optional.of(value.asText());
        }

        private Optional<String> oneOf(String at, String key, Set<String> allowed, boolean required) {
            JsonNode value = document.at(at + "/" + key);
            if (value.isMissingNode()) {
                if (required) {
                    report(at, "missing required key " + key + " (one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
                return Optional.empty();
            }
            if (!value.isTextual() || !allowed.contains(value.asText())) {
                report(at + "/" + key, "expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ", found "
                        + found(value));
                return Optional.empty();
            }
            return Optional.of(value.asText());
        }

        private void report(String at, String message) {
            problem = true;
            diagnostics.add(Diagnostic.error(BAD_LIST, position(at), message));
        }

        private SourcePosition position(String at) {
            SourcePosition position = document.sourceMap().positionOf(at);
            // what the whole file lacks is reported where it starts
            return position.isKnown() ? position : new SourcePosition(position.file(), 1, 1);
        }

        private static String parent(String pointer) {
            int slash = pointer.lastIndexOf('/');
            return slash <= 0 ? "" : pointer.substring(0, slash);
        }

        private static String found(JsonNode value) {
            if (value == null || value.isMissingNode()) {
                return "nothing";
            }
            if (value.isTextual()) {
                return "\"" + value.asText() + "\"";
            }
            return value.isContainerNode() ? value.getNodeType().toString().toLowerCase() : value.toString();
        }
    }
}
