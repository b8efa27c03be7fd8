package io.ruleforge.fields;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The field types of every index the rules may search: a base schema assumed for all of them (ECS, or none) and
 * the user's mappings, each scoped to the indices it describes. A rule gets the base plus the mappings of the
 * indices its {@code index} patterns select — what Kibana's data view holds for that rule.
 *
 * <p>Thread-safe; rules searching the same indices share one {@link RuleFieldTypes} instance.
 */
public final class IndexMappings {

    /** Kibana's field type for a field whose mappings disagree across the indices of a data view. */
    public static final String CONFLICT = "conflict";

    /**
     * A field typed differently by two mappings that apply to the same rule.
     *
     * @param field      the field name
     * @param typeBySource each mapping's type for the field, in configuration order
     */
    public record TypeConflict(String field, Map<String, String> typeBySource) {
        public TypeConflict {
            typeBySource = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(typeBySource));
        }
    }

    /**
     * A keyword field that two mappings applying to the same rule give different normalizers (Kibana's data view sees
     * one type, keyword, so it is no conflict there; each index normalizes its documents and searches by its own).
     *
     * @param field             the field name
     * @param normalizerBySource each mapping's normalizer for the field ({@code none} for none), in configuration order
     */
    public record NormalizerConflict(String field, Map<String, String> normalizerBySource) {
        public NormalizerConflict {
            normalizerBySource = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(normalizerBySource));
        }
    }

    /**
     * What one rule sees.
     *
     * @param kibanaFields the fields Kibana's data view gives the KQL translation (a conflict has type {@code conflict})
     * @param indexFields  the mapping queries run against, which decides evaluation and field checks (on a conflict,
     *                     the last applicable mapping's type)
     * @param applied      the user's mappings that apply, in configuration order
     * @param conflicts    fields the applied mappings type differently
     * @param normalizerConflicts keyword fields the applied mappings give different normalizers (evaluated with the
     *                     last applicable mapping's)
     */
    public record RuleFieldTypes(FieldSchema kibanaFields, FieldSchema indexFields, List<ScopedMapping> applied,
                                 List<TypeConflict> conflicts, List<NormalizerConflict> normalizerConflicts) {
        public RuleFieldTypes {
            Objects.requireNonNull(kibanaFields, "kibanaFields");
            Objects.requireNonNull(indexFields, "indexFields");
            applied = List.copyOf(applied);
            conflicts = List.copyOf(conflicts);
            normalizerConflicts = List.copyOf(normalizerConflicts);
        }
    }

    private final FieldSchema kibanaBase;
    private final FieldSchema indexBase;
    private final List<ScopedMapping> elastic;
    private final List<ScopedMapping> mappings;
    /** Elastic's layers as one stack, so that a selection reads them in place instead of merging a copy. */
    private final FieldSchema.Stack elasticStack;
    /** For each of {@link #mappings}, the index patterns of the templates that outrank it (empty for a non-template). */
    private final List<List<String>> outranking;
    private final Map<List<Integer>, RuleFieldTypes> bySelection = new ConcurrentHashMap<>();
    /** Most rules name one of a few index lists: matching each list against every layer's patterns once is enough. */
    private final Map<List<String>, RuleFieldTypes> byIndex = new ConcurrentHashMap<>();

    /**
     * @param kibanaBase the fields Kibana knows for every index; {@link FieldSchema#none()} reproduces Kibana
     *                   without an index pattern, and then the user's mappings do not reach the translation either
     * @param indexBase  the mapping assumed for every index
     * @param mappings   the user's mappings, later ones overriding earlier ones
     */
    public IndexMappings(FieldSchema kibanaBase, FieldSchema indexBase, List<ScopedMapping> mappings) {
        this(kibanaBase, indexBase, List.of(), mappings);
    }

    /**
     * @param elastic the field types of Elastic's data sources per index pattern ({@link ElasticSchemas}): a layer
     *                over the base for the rules searching those indices, under the user's mappings, and never a
     *                conflict (they describe different data sources that share names, as detection-rules treats them)
     */
    public IndexMappings(FieldSchema kibanaBase, FieldSchema indexBase, List<ScopedMapping> elastic, List<ScopedMapping> mappings) {
        this.kibanaBase = Objects.requireNonNull(kibanaBase, "kibanaBase");
        this.indexBase = Objects.requireNonNull(indexBase, "indexBase");
        this.elastic = List.copyOf(elastic);
        this.mappings = composed(mappings);
        this.outranking = outranking(this.mappings);
        this.elasticStack = FieldSchema.Stack.of(this.elastic.stream().map(ScopedMapping::fields).toList());
    }

    /** The same field types for every rule, whatever it searches. */
    public static IndexMappings uniform(FieldSchema kibanaFields, FieldSchema indexFields) {
        return new IndexMappings(kibanaFields, indexFields, List.of());
    }

    /** The mapping assumed for every index before the user's mappings. */
    public FieldSchema indexBase() {
        return indexBase;
    }

    public List<ScopedMapping> mappings() {
        return mappings;
    }

    /** The field types of a rule searching {@code ruleIndex} (empty when the rule names no index, e.g. a data view). */
    public RuleFieldTypes forIndices(List<String> ruleIndex) {
        return byIndex.computeIfAbsent(List.copyOf(ruleIndex), this::select);
    }

    private RuleFieldTypes select(List<String> ruleIndex) {
        List<Integer> selection = new ArrayList<>();
        List<String> searched = IndexPatterns.searchedAll(ruleIndex);
        // Elastic's layers as negative numbers, so that one list keys both selections
        for (int i = 0; i < elastic.size(); i++) {
            if (elastic.get(i).appliesToSearched(searched)) {
                selection.add(-i - 1);
            }
        }
        for (int i = 0; i < mappings.size(); i++) {
            if (mappings.get(i).appliesToSearched(searched) && !alwaysOutranked(i, searched)) {
                selection.add(i);
            }
        }
        return bySelection.computeIfAbsent(List.copyOf(selection), this::combine);
    }

    /**
     * The user's mappings with each index template's components merged in: a template composed of component templates
     * ({@code composed_of}) has their fields, in that order, under its own, as Elasticsearch merges them; a component
     * template a given template composes applies through it alone (Elasticsearch applies a component template to no
     * index by itself), one no given template composes to every index, as a plain mapping. The components no file
     * holds are named in the template's {@link IndexTemplate#notGiven}, but for those it lets be absent.
     */
    private static List<ScopedMapping> composed(List<ScopedMapping> given) {
        Map<String, ScopedMapping> components = new LinkedHashMap<>();
        for (ScopedMapping m : given) {
            // of two components of one name, the later file's, as later files override earlier ones
            m.component().ifPresent(name -> components.put(name, m));
        }
        Set<String> used = new HashSet<>();
        List<ScopedMapping> out = new ArrayList<>(given.size());
        for (ScopedMapping m : given) {
            if (m.template().isEmpty() || m.template().get().composedOf().isEmpty()) {
                out.add(m);
                continue;
            }
            IndexTemplate template = m.template().get();
            FieldSchema fields = null;
            List<String> notGiven = new ArrayList<>();
            for (String name : template.composedOf()) {
                ScopedMapping component = components.get(name);
                if (component == null) {
                    if (!template.optional().contains(name)) {
                        notGiven.add(name);
                    }
                    continue;
                }
                used.add(name);
                fields = fields == null ? component.fields() : fields.overlay(component.fields());
            }
            if (fields != null) {
                // named as the template, whose messages (a conflict's file) the merged fields stand for
                fields = fields.overlay(m.fields()).flattenedAs(m.fields().name());
            }
            out.add(m.with(fields == null ? m.fields() : fields, template.withNotGiven(notGiven)));
        }
        out.removeIf(m -> m.template().isEmpty() && m.component().map(used::contains).orElse(false));
        return List.copyOf(out);
    }

    /** For each mapping, the patterns of the templates Elasticsearch takes over it for an index that both match. */
    private static List<List<String>> outranking(List<ScopedMapping> mappings) {
        List<List<String>> out = new ArrayList<>(mappings.size());
        for (ScopedMapping m : mappings) {
            List<String> patterns = new ArrayList<>();
            m.template().ifPresent(t -> {
                for (ScopedMapping other : mappings) {
                    if (other.template().map(o -> o.outranks(t)).orElse(false)) {
                        patterns.addAll(other.indexPatterns());
                    }
                }
            });
            out.add(List.copyOf(patterns));
        }
        return out;
    }

    /**
     * Whether mapping {@code i}, an index template whose patterns overlap the rule's, applies to none of the indices
     * the rule searches, as every index it could apply to there takes a template that outranks it: {@code tpa-*} of
     * priority 100 applies to no index of {@code tpa-app-*} when {@code tpa-app-*} has a template of priority 200, and
     * to {@code tpa-*}'s {@code tpa-other} it does. Exact on the patterns (a name matching the rule's pattern and the
     * template's but no outranking template's is looked for); exclusions in the rule's index are not subtracted, so a
     * template is never dropped for indices the rule might search.
     */
    private boolean alwaysOutranked(int i, List<String> searched) {
        List<String> higher = outranking.get(i);
        ScopedMapping m = mappings.get(i);
        if (higher.isEmpty() || m.indexPatterns().isEmpty()) {
            return false;
        }
        for (String pattern : searched) {
            for (String own : m.indexPatterns()) {
                if (!IndexPatterns.overlap(own, pattern)) {
                    continue;
                }
                // only the outranking patterns that can match a name of both decide
                List<String> relevant = higher.stream()
                        .filter(h -> IndexPatterns.overlap(h, own) && IndexPatterns.overlap(h, pattern)).toList();
                if (relevant.isEmpty() || IndexPatterns.someNameOutside(List.of(own, pattern), relevant)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** For summaries: {@code ecs-9.4.0}, {@code ecs-9.4.0 + Elastic's by index pattern + 2 index mappings}. */
    public String describe() {
        String base = (kibanaBase.isEmpty() ? "none (index mapping " + indexBase.name() + ")" : kibanaBase.name())
                + (elastic.isEmpty() ? "" : " + Elastic's by index pattern");
        return mappings.isEmpty() ? base : base + " + " + mappings.size() + " index mapping" + (mappings.size() == 1 ? "" : "s");
    }

    private RuleFieldTypes combine(List<Integer> selection) {
        List<ScopedMapping> applied = selection.stream().filter(i -> i >= 0).map(mappings::get).toList();
        List<ScopedMapping> elasticApplied = selection.stream().filter(i -> i < 0).map(i -> elastic.get(-i - 1)).toList();
        FieldSchema index = indexBase;
        FieldSchema kibana = kibanaBase;
        if (!elasticApplied.isEmpty()) {
            List<String> patterns = elasticApplied.stream().flatMap(m -> m.indexPatterns().stream()).toList();
            // messages name the schema: a rule on "*" sees every pattern, which would be a paragraph
            String name = "elastic " + (patterns.size() <= 2 ? String.join(", ", patterns) : "(" + patterns.size() + " index patterns)");
            BitSet positions = new BitSet();
            selection.stream().filter(i -> i < 0).forEach(i -> positions.set(-i - 1));
            FieldSchema layer = elasticStack.select(name, positions);
            FieldSchema extendedIndex = index.extendedBy(layer);
            // with ECS both bases are the same schema: extend it once (the layers of "*" hold tens of thousands of fields)
            kibana = kibanaBase.isEmpty() ? kibanaBase : kibana == index ? extendedIndex : kibana.extendedBy(layer);
            index = extendedIndex;
        }
        if (applied.isEmpty()) {
            return new RuleFieldTypes(kibana, index, applied, List.of(), List.of());
        }
        for (ScopedMapping m : applied) {
            index = index.overlay(m.fields());
        }
        List<TypeConflict> conflicts = conflicts(applied);
        if (!kibanaBase.isEmpty()) {
            for (ScopedMapping m : applied) {
                kibana = kibana.overlay(m.fields());
            }
            if (!conflicts.isEmpty()) {
                kibana = kibana.overlay(FieldSchema.of("conflicts", conflicts.stream()
                        .map(c -> new FieldMapping(c.field(), CONFLICT)).toList()));
            }
        }
        return new RuleFieldTypes(kibana, index, applied, conflicts, normalizerConflicts(applied));
    }

    /**
     * Each leaf field the applied mappings give, with each mapping's definition of it by source, in configuration
     * order. Containers (object/nested) are not compared: Kibana's data view lists leaf fields only.
     */
    private static Map<String, Map<String, FieldMapping>> leavesBySource(List<ScopedMapping> applied) {
        Map<String, Map<String, FieldMapping>> fields = new LinkedHashMap<>();
        for (ScopedMapping m : applied) {
            for (FieldMapping f : m.fields().fields()) {
                if (!f.isContainer()) {
                    fields.computeIfAbsent(f.name(), k -> new LinkedHashMap<>()).put(m.source(), f);
                }
            }
        }
        return fields;
    }

    private static List<TypeConflict> conflicts(List<ScopedMapping> applied) {
        List<TypeConflict> conflicts = new ArrayList<>();
        leavesBySource(applied).forEach((field, bySource) -> {
            if (bySource.values().stream().map(FieldMapping::type).distinct().count() > 1) {
                Map<String, String> types = new LinkedHashMap<>();
                bySource.forEach((source, f) -> types.put(source, f.type()));
                conflicts.add(new TypeConflict(field, types));
            }
        });
        conflicts.sort(java.util.Comparator.comparing(TypeConflict::field));
        return conflicts;
    }

    /**
     * Fields of one type in every applied mapping that has them (a type conflict is reported as such) whose
     * normalizers differ by name or by what they do.
     */
    private static List<NormalizerConflict> normalizerConflicts(List<ScopedMapping> applied) {
        List<NormalizerConflict> conflicts = new ArrayList<>();
        leavesBySource(applied).forEach((field, bySource) -> {
            boolean oneType = bySource.values().stream().map(FieldMapping::type).distinct().count() == 1;
            boolean differ = bySource.values().stream().map(f -> normalizerKey(f.normalizer())).distinct().count() > 1;
            if (oneType && differ) {
                Map<String, String> names = new LinkedHashMap<>();
                bySource.forEach((source, f) -> names.put(source, f.normalizer().isNone() ? "none" : f.normalizer().name()));
                conflicts.add(new NormalizerConflict(field, names));
            }
        });
        return conflicts;
    }

    /** What decides how a normalizer treats values: two of one name defined differently still disagree. */
    private static List<Object> normalizerKey(Normalizer n) {
        return List.of(n.name(), n.lowercases(), n.unmodelled().orElse(""));
    }
}
