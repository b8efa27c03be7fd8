package io.ruleforge.fields;

import io.ruleforge.diag.EditDistance;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The field types a rule's indices are assumed to have: ECS, a user's mapping, or nothing.
 * Immutable; iteration order is by field name so that everything derived from it is deterministic.
 */
public final class FieldSchema {

    /** The suffix of an entry that types every key below its prefix (a Beats object with dynamic keys). */
    public static final String DYNAMIC_KEYS = ".*";

    private static final FieldSchema NONE = new FieldSchema("none", new TreeMap<>());

    private final String name;
    private final TreeMap<String, FieldMapping> fields;
    /** A cache of {@link #closestField}, derived from {@code fields} on first use. */
    private volatile String[][] leafNamesByLength;

    /** Takes {@code fields} over: every caller builds a new map (copying the corpus' larger schemas again cost time). */
    private FieldSchema(String name, TreeMap<String, FieldMapping> fields) {
        this.name = name;
        this.fields = fields;
    }

    public static FieldSchema of(String name, Collection<FieldMapping> mappings) {
        TreeMap<String, FieldMapping> byName = new TreeMap<>();
        for (FieldMapping m : mappings) {
            byName.put(m.name(), m);
        }
        return new FieldSchema(name, byName);
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
        return fields.isEmpty();
    }

    /**
     * The mapping of a field; below a {@code flattened} field every key is a keyword subfield, as Elasticsearch
     * queries it ({@code aws.cloudtrail.flattened.request_parameters.key}), and below an object of dynamic keys
     * (an entry {@code o365.audit.Parameters.*}, from a Beats schema) every key has that entry's type.
     */
    public Optional<FieldMapping> field(String fieldName) {
        FieldMapping exact = fields.get(fieldName);
        if (exact != null) {
            return Optional.of(exact);
        }
        String candidate = fieldName;
        int dot;
        while ((dot = candidate.lastIndexOf('.')) > 0) {
            candidate = candidate.substring(0, dot);
            FieldMapping dynamic = fields.get(candidate + DYNAMIC_KEYS);
            if (dynamic != null) {
                return Optional.of(new FieldMapping(fieldName, dynamic.type()));
            }
            FieldMapping m = fields.get(candidate);
            if (m != null) {
                return m.type().equals("flattened") ? Optional.of(new FieldMapping(fieldName, "keyword")) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** One schema of several, later ones overriding earlier ones on the same name. */
    public static FieldSchema merged(String name, List<FieldSchema> schemas) {
        TreeMap<String, FieldMapping> merged = new TreeMap<>();
        schemas.forEach(s -> merged.putAll(s.fields));
        return new FieldSchema(name, merged);
    }

    /**
     * Whether fields are mapped below {@code path} ({@code process} for {@code process.pid}): such a path is an
     * object in the index even where the schema (ECS lists leaves only) has no entry for it.
     */
    public boolean hasFieldsBelow(String path) {
        String prefix = path + ".";
        String next = fields.ceilingKey(prefix);
        return next != null && next.startsWith(prefix);
    }

    /**
     * The mapping a query on the field uses: its own, or for an {@code alias} field the mapping of the field it
     * stands for (Elasticsearch allows no alias of an alias); empty when either is unmapped.
     */
    public Optional<FieldMapping> resolved(String fieldName) {
        FieldMapping m = fields.get(fieldName);
        return m != null && m.isAlias() ? Optional.ofNullable(fields.get(m.aliasPath())) : Optional.ofNullable(m);
    }

    /**
     * The keyword-family multi-field of a {@code text} field ({@code file_name.keyword} under dynamic mapping), which
     * exact-value searches such as EQL's use in its place; empty when it has none.
     */
    public Optional<FieldMapping> exactSubField(String textFieldName) {
        String prefix = textFieldName + ".";
        for (FieldMapping m : fields.tailMap(prefix).values()) {
            if (!m.name().startsWith(prefix)) {
                break;
            }
            if (m.name().indexOf('.', prefix.length()) < 0 && m.isKeywordLike()) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Every field, containers (object, nested) included, sorted by name. */
    public List<FieldMapping> fields() {
        return List.copyOf(fields.values());
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
            for (FieldMapping m : fields.values()) {
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
            FieldMapping m = fields.get(candidate);
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
        TreeMap<String, FieldMapping> merged = new TreeMap<>(extra.fields);
        merged.putAll(fields);
        return new FieldSchema(name + "+" + extra.name, merged);
    }

    /** This schema with {@code overrides} layered on top (a user's mapping extending or overriding ECS). */
    public FieldSchema overlay(FieldSchema overrides) {
        TreeMap<String, FieldMapping> merged = new TreeMap<>(fields);
        merged.putAll(overrides.fields);
        return new FieldSchema(name + "+" + overrides.name, merged);
    }
}
