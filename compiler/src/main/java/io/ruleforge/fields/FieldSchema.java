package io.ruleforge.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.EditDistance;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The field types a rule's indices are assumed to have: ECS, a user's mapping, or nothing.
 * Immutable; iteration order is by field name so that everything derived from it is deterministic.
 */
public final class FieldSchema {

    /** The suffix of an entry that types every key below its prefix (a Beats object with dynamic keys). */
    public static final String DYNAMIC_KEYS = ".*";

    private static final FieldSchema NONE = new FieldSchema("none", new TreeMap<>());

    private final String name;
    /**
     * The layers this schema reads, the one that wins on a name first: a schema extended or overlaid shares the
     * layers of both instead of copying them (every distinct index selection of the corpus used to hold its own
     * copy of ECS and Elastic's layers, most of the heap of a run). Never mutated.
     */
    private final List<Layer> layers;
    private final boolean empty;
    /**
     * Whether an index this schema describes turns {@code index.mapping.ignore_malformed} on (a user's mapping or
     * template says so in its settings): a field without its own {@code ignore_malformed} then takes malformed values.
     */
    private final boolean ignoresMalformed;
    /**
     * What the mapping's root says of the fields it does not list where that is not Elasticsearch's default dynamic
     * mapping (its {@code dynamic}, and its {@code dynamic_templates}, {@code date_detection} …), or null.
     */
    private final RootDynamic root;
    /** A cache of {@link #dynamicMapping}, by path and value kind; null without templates. */
    private final Map<String, DynamicTemplates.Mapped> dynamicMappings;
    /** A cache of {@link #closestField}, derived from the fields on first use. */
    private volatile String[][] leafNamesByLength;

    /** Takes {@code fields} over: every caller builds a new map (copying the corpus' larger schemas again cost time). */
    private FieldSchema(String name, TreeMap<String, FieldMapping> fields) {
        this(name, List.of(new MapLayer(fields)), false, null);
    }

    private FieldSchema(String name, List<Layer> layers, boolean ignoresMalformed, RootDynamic root) {
        this.name = name;
        this.layers = List.copyOf(layers);
        this.empty = this.layers.stream().allMatch(Layer::isEmpty);
        this.ignoresMalformed = ignoresMalformed;
        this.root = root;
        this.dynamicMappings = root != null && root.templates() != null ? new ConcurrentHashMap<>() : null;
    }

    public static FieldSchema of(String name, Collection<FieldMapping> mappings) {
        return of(name, mappings, false);
    }

    /** As above, for an index whose settings turn {@code index.mapping.ignore_malformed} on or not. */
    public static FieldSchema of(String name, Collection<FieldMapping> mappings, boolean ignoresMalformed) {
        TreeMap<String, FieldMapping> byName = new TreeMap<>();
        for (FieldMapping m : mappings) {
            byName.put(m.name(), m);
        }
        return new FieldSchema(name, List.of(new MapLayer(byName)), ignoresMalformed, null);
    }

    /**
     * The root's say on the fields the mapping does not list: its {@code dynamic} ({@code "false"}, {@code "strict"},
     * {@code "runtime"}, or null for the default), why ruleforge cannot type them as the index would (null when
     * nothing stands in the way), its dynamic templates and detection settings (null for Elasticsearch's defaults),
     * and those root parameters as written, for live mode's index to carry.
     */
    public record RootDynamic(String dynamic, String notModelled, DynamicTemplates templates,
                              ObjectNode written) {

        /** The root parameters that decide how a field the mapping does not list is mapped. */
        public static final List<String> PARAMETERS = List.of("dynamic", "dynamic_templates", "date_detection",
                "numeric_detection", "dynamic_date_formats");

        /** What root parameters (as written) say; empty when they leave Elasticsearch's defaults. */
        public static Optional<RootDynamic> of(ObjectNode written) {
            JsonNode d = written.path("dynamic");
            String dynamic = d.isMissingNode() || d.asText().equals("true") ? null : d.asText();
            // dynamic date formats of its own: which strings become dates, and how they read, are not modelled
            String notModelled = written.has("dynamic_date_formats") ? "dynamic_date_formats " + written.get("dynamic_date_formats") : null;
            DynamicTemplates templates = DynamicTemplates.read(written);
            return dynamic == null && notModelled == null && templates.isDefault() ? Optional.empty()
                    : Optional.of(new RootDynamic(dynamic, notModelled, templates.isDefault() ? null : templates, written));
        }

        /**
         * These root parameters with a later layer's on top, merged as Elasticsearch merges a composed template's: a
         * parameter the later one sets replaces this one's, and dynamic templates merge by name (a later one of the
         * same name replaces it in place, others are appended).
         */
        RootDynamic overlaidBy(RootDynamic later) {
            ObjectNode merged = written.deepCopy();
            later.written().fields().forEachRemaining(e -> {
                if (e.getKey().equals("dynamic_templates") && merged.path("dynamic_templates").isArray()) {
                    ArrayNode templates = (ArrayNode) merged.get("dynamic_templates");
                    for (JsonNode template : e.getValue()) {
                        String name = template.fieldNames().hasNext() ? template.fieldNames().next() : "";
                        int at = -1;
                        for (int i = 0; i < templates.size(); i++) {
                            if (templates.get(i).has(name)) {
                                at = i;
                            }
                        }
                        if (at >= 0) {
                            templates.set(at, template);
                        } else {
                            templates.add(template);
                        }
                    }
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            return of(merged).orElse(null);
        }
    }

    /** Root parameters of two layers, {@code later} on top; either may be absent. */
    private static RootDynamic overlaid(RootDynamic earlier, RootDynamic later) {
        return earlier == null ? later : later == null ? earlier : earlier.overlaidBy(later);
    }

    /**
     * The mapping an unlisted field at {@code path} gets in the index from its first value, where the mapping's root
     * does not leave it to Elasticsearch's default dynamic mapping (dynamic templates, detection settings); empty where
     * it does, which the evaluators model themselves.
     */
    public Optional<DynamicTemplates.Mapped> dynamicMapping(String path, JsonNode firstValue) {
        if (root == null || root.templates() == null) {
            return Optional.empty();
        }
        // asked for every unlisted field of every event: kept by path and what the mapping reads of the value
        return Optional.of(dynamicMappings.computeIfAbsent(path + '\u0000' + root.templates().kind(firstValue),
                k -> mapByRoot(path, firstValue)));
    }

    private DynamicTemplates.Mapped mapByRoot(String path, JsonNode firstValue) {
        // the new objects above it are mapped by the templates first
        String candidate = path;
        int dot;
        while ((dot = candidate.lastIndexOf('.')) > 0) {
            candidate = candidate.substring(0, dot);
            if (field(candidate).isPresent() || hasFieldsBelow(candidate)) {
                break;
            }
            Optional<String> byTemplate = root.templates().objectTemplate(candidate);
            if (byTemplate.isPresent()) {
                return new DynamicTemplates.Mapped(List.of(), byTemplate.get());
            }
        }
        return root.templates().map(path, firstValue);
    }

    /** This schema's fields in one layer under another name, with its index settings and its root's dynamic say. */
    public FieldSchema flattenedAs(String newName) {
        FieldSchema flat = of(newName, fields(), ignoresMalformed);
        return root == null ? flat : flat.withRootDynamic(root);
    }

    /** This schema with its mapping root's {@link RootDynamic}. */
    public FieldSchema withRootDynamic(RootDynamic rootDynamic) {
        return new FieldSchema(name, layers, ignoresMalformed, rootDynamic);
    }

    /** The mapping root's {@link RootDynamic}, when it is not Elasticsearch's default. */
    public Optional<RootDynamic> rootDynamic() {
        return Optional.ofNullable(root);
    }

    /**
     * What the index makes of a field this schema does not list: an object above it with {@code enabled: false}
     * keeps everything below in {@code _source} only; otherwise the nearest object (or the root) that sets
     * {@code dynamic} decides — {@code false} indexes nothing new, {@code strict} refuses the event, {@code runtime}
     * is not modelled —; where dynamic mapping applies, the root's {@code dynamic_date_formats} is not modelled (its
     * templates and detection settings are: {@link #dynamicMapping}). A listed field is
     * {@link UnlistedField.Handling#DYNAMIC} here: its mapping decides it.
     */
    public UnlistedField unlisted(String fieldName) {
        if (field(fieldName).isPresent()) {
            return UnlistedField.DYNAMIC;
        }
        String decided = null;
        String where = null;
        String candidate = fieldName;
        int dot;
        while ((dot = candidate.lastIndexOf('.')) > 0) {
            candidate = candidate.substring(0, dot);
            FieldMapping m = get(candidate);
            if (m == null || m.dynamic() == null) {
                continue;
            }
            if (m.dynamic().equals("disabled")) {
                return new UnlistedField(UnlistedField.Handling.NOT_INDEXED, "enabled: false on " + candidate);
            }
            if (decided == null) {
                decided = m.dynamic();
                where = candidate;
            }
        }
        if (decided == null && root != null && root.dynamic() != null) {
            decided = root.dynamic();
            where = "the mapping's root";
        }
        String setting = "dynamic: " + decided + " on " + where;
        if ("false".equals(decided)) {
            return new UnlistedField(UnlistedField.Handling.NOT_INDEXED, setting);
        }
        if ("strict".equals(decided)) {
            return new UnlistedField(UnlistedField.Handling.REFUSES_EVENT, setting);
        }
        if ("runtime".equals(decided)) {
            return new UnlistedField(UnlistedField.Handling.NOT_MODELLED, setting + " (the field is then a runtime field)");
        }
        return root != null && root.notModelled() != null
                ? new UnlistedField(UnlistedField.Handling.NOT_MODELLED, root.notModelled()) : UnlistedField.DYNAMIC;
    }

    /** Whether the index settings turn {@code index.mapping.ignore_malformed} on for every field without its own. */
    public boolean indexIgnoresMalformed() {
        return ignoresMalformed;
    }

    /**
     * Whether Elasticsearch indexes an event whose value of this field its type cannot read, leaving the value out:
     * the field's own {@code ignore_malformed}, else the index's. When several indices are described, one that takes
     * the event is enough (a fixture is an event of one of them).
     */
    public boolean ignoresMalformed(FieldMapping field) {
        if (!field.takesIgnoreMalformed()) {
            return false;
        }
        return field.ignoreMalformed() != null ? field.ignoreMalformed() : ignoresMalformed;
    }

    /** No field types at all: reproduces Kibana without an index pattern. */
    public static FieldSchema none() {
        return NONE;
    }

    /** A human-readable name, e.g. {@code ecs-9.4.0} or a mapping file name. */
    public String name() {
        return name;
    }

    public boolean isEmpty() {
        return empty;
    }

    /**
     * The mapping of a field; below a {@code flattened} field every key is a keyword subfield, as Elasticsearch
     * queries it ({@code aws.cloudtrail.flattened.request_parameters.key}), and below an object of dynamic keys
     * (an entry {@code o365.audit.Parameters.*}, from a Beats schema) every key has that entry's type.
     */
    public Optional<FieldMapping> field(String fieldName) {
        FieldMapping exact = get(fieldName);
        if (exact != null) {
            return Optional.of(exact);
        }
        FieldMapping above = nearestAbove(fieldName);
        if (above == null) {
            return Optional.empty();
        }
        if (above.name().endsWith(DYNAMIC_KEYS)) {
            return Optional.of(new FieldMapping(fieldName, above.type()));
        }
        // a key of a flattened field: a keyword, undecidable where the flattened field's mapping is
        return above.type().equals("flattened") ? Optional.of(above.unmodelledReason()
                .map(new FieldMapping(fieldName, "keyword")::withUnmodelled).orElseGet(() -> new FieldMapping(fieldName, "keyword")))
                : Optional.empty();
    }

    /** The flattened field that {@code fieldName} is a key of ({@code labels} for {@code labels.env}), if it is one. */
    public Optional<String> flattenedRootOf(String fieldName) {
        FieldMapping above = get(fieldName) == null ? nearestAbove(fieldName) : null;
        return above != null && above.type().equals("flattened") ? Optional.of(above.name()) : Optional.empty();
    }

    /** The nearest entry above an unlisted field: an object of dynamic keys ({@code x.*}) or a mapped parent; null if none. */
    private FieldMapping nearestAbove(String fieldName) {
        String candidate = fieldName;
        int dot;
        while ((dot = candidate.lastIndexOf('.')) > 0) {
            candidate = candidate.substring(0, dot);
            FieldMapping dynamic = get(candidate + DYNAMIC_KEYS);
            if (dynamic != null) {
                return dynamic;
            }
            FieldMapping m = get(candidate);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** One schema of several, later ones overriding earlier ones on the same name. */
    public static FieldSchema merged(String name, List<FieldSchema> schemas) {
        TreeMap<String, FieldMapping> merged = new TreeMap<>();
        schemas.forEach(s -> s.entriesFrom("").forEachRemaining(m -> merged.put(m.name(), m)));
        return new FieldSchema(name, List.of(new MapLayer(merged)), schemas.stream().anyMatch(s -> s.ignoresMalformed),
                schemas.stream().map(s -> s.root).filter(java.util.Objects::nonNull).reduce(FieldSchema::overlaid).orElse(null));
    }

    /**
     * Whether fields are mapped below {@code path} ({@code process} for {@code process.pid}): such a path is an
     * object in the index even where the schema (ECS lists leaves only) has no entry for it.
     */
    public boolean hasFieldsBelow(String path) {
        String prefix = path + ".";
        String next = null;
        for (Layer layer : layers) {
            String key = layer.ceilingKey(prefix);
            if (key != null && (next == null || key.compareTo(next) < 0)) {
                next = key;
            }
        }
        return next != null && next.startsWith(prefix);
    }

    /**
     * The mapping a query on the field uses: its own, or for an {@code alias} field the mapping of the field it
     * stands for (Elasticsearch allows no alias of an alias); empty when either is unmapped.
     */
    public Optional<FieldMapping> resolved(String fieldName) {
        FieldMapping m = get(fieldName);
        return m != null && m.isAlias() ? Optional.ofNullable(get(m.aliasPath())) : Optional.ofNullable(m);
    }

    /**
     * The field whose values {@code fieldName} reads: an alias's target (Elasticsearch resolves an alias in queries,
     * aggregations and the fields API), any other name itself.
     */
    public String readAs(String fieldName) {
        return resolved(fieldName).map(FieldMapping::name).orElse(fieldName);
    }

    /**
     * Where a mapped field's values are in a document's source: a multi-field ({@code process.name.caseless},
     * {@code process.command_line.text}) indexes the value of the leaf it belongs to; any other field its own path.
     * (An alias field reads the field {@link #resolved} gives.)
     */
    public String sourcePathOf(String fieldName) {
        int dot = fieldName.lastIndexOf('.');
        if (dot > 0 && get(fieldName) != null) {
            FieldMapping parent = get(fieldName.substring(0, dot));
            if (parent != null && !parent.isContainer() && !parent.isAlias()) {
                return parent.name();
            }
        }
        return fieldName;
    }

    /** The first field below {@code path} by name that holds values (not an object), if any. */
    public Optional<FieldMapping> firstFieldBelow(String path) {
        return firstBelow(path, m -> !m.isContainer() && !m.name().endsWith(DYNAMIC_KEYS));
    }

    /** The first entry below {@code path} (in name order) that {@code wanted} accepts. */
    private Optional<FieldMapping> firstBelow(String path, Predicate<FieldMapping> wanted) {
        String prefix = path + ".";
        for (Iterator<FieldMapping> it = entriesFrom(prefix); it.hasNext(); ) {
            FieldMapping m = it.next();
            if (!m.name().startsWith(prefix)) {
                break;
            }
            if (wanted.test(m)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * The keyword-family multi-field of a {@code text} field ({@code file_name.keyword} under dynamic mapping), which
     * exact-value searches such as EQL's use in its place; empty when it has none.
     */
    public Optional<FieldMapping> exactSubField(String textFieldName) {
        int depth = textFieldName.length() + 1;
        return firstBelow(textFieldName, m -> m.name().indexOf('.', depth) < 0 && m.isKeywordLike());
    }

    /** Whether any field holds values (not only containers, object and nested, which Kibana's data view omits). */
    public boolean hasValueField() {
        for (Iterator<FieldMapping> it = entriesFrom(""); it.hasNext(); ) {
            if (!it.next().isContainer()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The fields whose names start with {@code prefix}, containers included, sorted by name: read from the sorted
     * tables at the prefix, not by listing every field.
     */
    public List<FieldMapping> fieldsStartingWith(String prefix) {
        List<FieldMapping> found = new ArrayList<>();
        for (Iterator<FieldMapping> it = entriesFrom(prefix); it.hasNext(); ) {
            FieldMapping m = it.next();
            if (!m.name().startsWith(prefix)) {
                break;
            }
            found.add(m);
        }
        return found;
    }

    /** Every field, containers (object, nested) included, sorted by name. */
    public List<FieldMapping> fields() {
        List<FieldMapping> all = new ArrayList<>();
        entriesFrom("").forEachRemaining(all::add);
        return List.copyOf(all);
    }

    /**
     * "Did you mean": the known leaf field closest to a misspelt name, within the name's typo budget
     * ({@link EditDistance#typoBudget}); ties go to the first by name. Shared by the KQL and EQL field checks.
     */
    public Optional<String> closestField(String misspelt) {
        int budget = EditDistance.typoBudget(misspelt);
        String[][] byLength = leafNamesByLength();
        String best = null;
        int bestDistance = budget + 1;
        // a name whose length differs by more than the budget needs more edits than the budget: only the names of
        // nearby lengths are read. Lengths are visited in turn, so a tie goes to the first by name explicitly.
        for (int length = Math.max(0, misspelt.length() - budget);
             length <= Math.min(byLength.length - 1, misspelt.length() + budget); length++) {
            for (String name : byLength[length]) {
                int d = EditDistance.between(misspelt, name, Math.min(bestDistance, budget) + 1);
                if (d <= budget && (d < bestDistance || name.compareTo(best) < 0 && d == bestDistance)) {
                    bestDistance = d;
                    best = name;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The leaf field names (no containers, no objects of dynamic keys) by length, in name order: built on the first
     * "did you mean", as {@code query --schema none} asks one for every field of every query (reading the kind of
     * each of the 2,000 ECS fields each time was most of its cost). Idempotent, so a race only builds it twice.
     */
    private String[][] leafNamesByLength() {
        String[][] built = leafNamesByLength;
        if (built == null) {
            java.util.List<java.util.List<String>> lists = new java.util.ArrayList<>();
            for (Iterator<FieldMapping> it = entriesFrom(""); it.hasNext(); ) {
                FieldMapping m = it.next();
                if (m.isContainer() || m.name().endsWith(DYNAMIC_KEYS)) {
                    continue;
                }
                while (lists.size() <= m.name().length()) {
                    lists.add(new java.util.ArrayList<>());
                }
                lists.get(m.name().length()).add(m.name());
            }
            built = lists.stream().map(l -> l.toArray(String[]::new)).toArray(String[][]::new);
            leafNamesByLength = built;
        }
        return built;
    }

    /**
     * The nested path that contains a field, if any: the longest proper prefix of the name that is mapped as
     * {@code nested}.
     */
    public Optional<String> nestedPathOf(String fieldName) {
        String candidate = fieldName;
        int dot;
        while ((dot = candidate.lastIndexOf('.')) > 0) {
            candidate = candidate.substring(0, dot);
            FieldMapping m = get(candidate);
            if (m != null && m.type().equals("nested")) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * This schema with the fields of {@code extra} it lacks: ECS keeps its types where an older Beats schema
     * describes the same field, and the Beats add what ECS does not know.
     */
    public FieldSchema extendedBy(FieldSchema extra) {
        return new FieldSchema(name + "+" + extra.name, concat(layers, extra.layers), ignoresMalformed || extra.ignoresMalformed,
                overlaid(extra.root, root));
    }

    /** This schema with {@code overrides} layered on top (a user's mapping extending or overriding ECS). */
    public FieldSchema overlay(FieldSchema overrides) {
        return new FieldSchema(name + "+" + overrides.name, concat(overrides.layers, layers),
                ignoresMalformed || overrides.ignoresMalformed, overlaid(root, overrides.root));
    }

    private static List<Layer> concat(List<Layer> first, List<Layer> then) {
        List<Layer> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }

    /** The mapping of exactly this name: the first layer's that has one. */
    private FieldMapping get(String fieldName) {
        for (Layer layer : layers) {
            FieldMapping m = layer.get(fieldName);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** The fields from {@code from} on in name order, each name once with the mapping of the first layer that has it. */
    private Iterator<FieldMapping> entriesFrom(String from) {
        if (layers.size() == 1) {
            return layers.get(0).from(from);
        }
        List<PeekingIterator> heads = new ArrayList<>();
        for (Layer layer : layers) {
            PeekingIterator head = new PeekingIterator(layer.from(from));
            if (head.peek() != null) {
                heads.add(head);
            }
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                for (PeekingIterator head : heads) {
                    if (head.peek() != null) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public FieldMapping next() {
                FieldMapping first = null;
                for (PeekingIterator head : heads) {
                    FieldMapping m = head.peek();
                    // ties keep the earlier layer's mapping: it wins on a name
                    if (m != null && (first == null || m.name().compareTo(first.name()) < 0)) {
                        first = m;
                    }
                }
                if (first == null) {
                    throw new NoSuchElementException();
                }
                for (PeekingIterator head : heads) {
                    FieldMapping m = head.peek();
                    if (m != null && m.name().equals(first.name())) {
                        head.advance();
                    }
                }
                return first;
            }
        };
    }

    private static final class PeekingIterator {
        private final Iterator<FieldMapping> source;
        private FieldMapping head;

        PeekingIterator(Iterator<FieldMapping> source) {
            this.source = source;
            advance();
        }

        FieldMapping peek() {
            return head;
        }

        void advance() {
            head = source.hasNext() ? source.next() : null;
        }
    }

    /**
     * Many schemas of which a selection is read as one, later ones winning on a name, without a copy per selection:
     * Elastic's 170 index-pattern layers, of which each rule's index patterns select some (a rule on {@code *}
     * all of them). Built once; each name keeps the mapping of every schema that has it.
     */
    public static final class Stack {
        private final List<TreeMap<String, FieldMapping>> schemas;
        /**
         * Per name, the mappings of the schemas that have it, by schema position: most names are in one schema or a
         * few, so a slot per schema (170) would take more room than the tables it replaces.
         */
        private final TreeMap<String, Versions> byName = new TreeMap<>();
        /** The same, hashed: what a look-up of one name reads (see {@link MapLayer}). */
        private final Map<String, Versions> hashed;

        private Stack(List<FieldSchema> schemas) {
            List<TreeMap<String, FieldMapping>> maps = new ArrayList<>();
            for (FieldSchema s : schemas) {
                TreeMap<String, FieldMapping> map = new TreeMap<>();
                s.entriesFrom("").forEachRemaining(m -> map.put(m.name(), m));
                maps.add(map);
            }
            this.schemas = List.copyOf(maps);
            TreeMap<String, List<Integer>> positions = new TreeMap<>();
            for (int i = 0; i < maps.size(); i++) {
                int position = i;
                maps.get(i).keySet().forEach(n -> positions.computeIfAbsent(n, k -> new ArrayList<>()).add(position));
            }
            positions.forEach((n, at) -> byName.put(n, new Versions(at.stream().mapToInt(Integer::intValue).toArray(),
                    at.stream().map(i -> maps.get(i).get(n)).toArray(FieldMapping[]::new))));
            this.hashed = new HashMap<>(byName);
        }

        public static Stack of(List<FieldSchema> schemas) {
            return new Stack(schemas);
        }

        /**
         * The schemas at {@code positions} as one, the later winning on a name: what {@link #merged} gives for them,
         * sharing this stack's maps.
         */
        public FieldSchema select(String name, BitSet positions) {
            return new FieldSchema(name, List.of(new StackLayer(this, (BitSet) positions.clone())), false, null);
        }
    }

    /** A name's mappings in the schemas of a stack: {@code mappings[i]} is that of the schema at {@code positions[i]}, ascending. */
    private record Versions(int[] positions, FieldMapping[] mappings) {
    }

    /** One source of fields of a schema. */
    private sealed interface Layer permits MapLayer, StackLayer {
        FieldMapping get(String name);

        /** The least name at or after {@code key}, or null. */
        String ceilingKey(String key);

        /** The mappings from {@code key} on, in name order. */
        Iterator<FieldMapping> from(String key);

        boolean isEmpty();
    }

    private static final class MapLayer implements Layer {
        private final TreeMap<String, FieldMapping> fields;
        /**
         * The same mappings hashed by name, made on the first look-up: a name is looked up several times for each field
         * a query names (its parents for nested paths, dynamic keys), and comparing names that share long prefixes down
         * the sorted tree took a fifth of {@code query --jsonl} on ECS. Layers only read through a {@link Stack} never
         * make it. Idempotent, so a race only makes it twice.
         */
        private volatile Map<String, FieldMapping> hashed;

        MapLayer(TreeMap<String, FieldMapping> fields) {
            this.fields = fields;
        }

        @Override
        public FieldMapping get(String name) {
            Map<String, FieldMapping> byName = hashed;
            if (byName == null) {
                byName = new HashMap<>(fields);
                hashed = byName;
            }
            return byName.get(name);
        }

        @Override
        public String ceilingKey(String key) {
            return fields.ceilingKey(key);
        }

        @Override
        public Iterator<FieldMapping> from(String key) {
            return fields.tailMap(key, true).values().iterator();
        }

        @Override
        public boolean isEmpty() {
            return fields.isEmpty();
        }
    }

    private record StackLayer(Stack stack, BitSet selected) implements Layer {
        @Override
        public FieldMapping get(String name) {
            Versions versions = stack.hashed.get(name);
            return versions == null ? null : selectedVersion(versions);
        }

        /** The mapping of the last selected schema that has the name: the later wins. */
        private FieldMapping selectedVersion(Versions versions) {
            for (int i = versions.positions().length - 1; i >= 0; i--) {
                if (selected.get(versions.positions()[i])) {
                    return versions.mappings()[i];
                }
            }
            return null;
        }

        @Override
        public String ceilingKey(String key) {
            String least = null;
            for (int i = selected.nextSetBit(0); i >= 0; i = selected.nextSetBit(i + 1)) {
                String k = stack.schemas.get(i).ceilingKey(key);
                if (k != null && (least == null || k.compareTo(least) < 0)) {
                    least = k;
                }
            }
            return least;
        }

        @Override
        public Iterator<FieldMapping> from(String key) {
            Iterator<Versions> names = stack.byName.tailMap(key, true).values().iterator();
            return new Iterator<>() {
                private FieldMapping next = advance();

                private FieldMapping advance() {
                    while (names.hasNext()) {
                        FieldMapping m = selectedVersion(names.next());
                        if (m != null) {
                            return m;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public FieldMapping next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    FieldMapping m = next;
                    next = advance();
                    return m;
                }
            };
        }

        @Override
        public boolean isEmpty() {
            return selected.stream().allMatch(i -> stack.schemas.get(i).isEmpty());
        }
    }
}
