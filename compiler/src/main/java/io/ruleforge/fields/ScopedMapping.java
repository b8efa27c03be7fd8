package io.ruleforge.fields;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's mapping and the indices it describes.
 *
 * @param source        where it came from, for messages: the file name, and the template or index inside it
 * @param indexPatterns the indices it describes (an index template's {@code index_patterns}, an index name of
 *                      {@code GET _mapping} output, or patterns the user configured); empty = every index
 * @param fields        its field types
 * @param template      for an index template, what decides whether Elasticsearch applies it to an index its patterns
 *                      match (another template may outrank it) and what it is composed of; empty for a mapping,
 *                      an index's {@code GET _mapping} output, or a file scoped by hand
 * @param component     for a component template, its name ({@code PUT _component_template/<name>} body, whose name is
 *                      its file's without {@code .json}, or an entry of {@code GET _component_template}): the index
 *                      templates given that compose it carry its fields
 */
public record ScopedMapping(String source, List<String> indexPatterns, FieldSchema fields, Optional<IndexTemplate> template,
                            Optional<String> component) {

    public ScopedMapping {
        Objects.requireNonNull(source, "source");
        indexPatterns = List.copyOf(indexPatterns);
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(component, "component");
    }

    /** A mapping that is neither an index template nor a component template. */
    public ScopedMapping(String source, List<String> indexPatterns, FieldSchema fields) {
        this(source, indexPatterns, fields, Optional.empty(), Optional.empty());
    }

    /** Whether a rule searching {@code ruleIndex} sees these fields; unscoped mappings apply to every rule. */
    public boolean appliesTo(List<String> ruleIndex) {
        return indexPatterns.isEmpty() || IndexPatterns.anyOverlap(indexPatterns, ruleIndex);
    }

    /** As {@link #appliesTo}, for the patterns {@link IndexPatterns#searchedAll} gave for the rule's list. */
    public boolean appliesToSearched(List<String> searched) {
        return indexPatterns.isEmpty() || IndexPatterns.anySearchedOverlap(indexPatterns, searched);
    }

    /**
     * The same fields for the given patterns instead (the user's configuration overrides the file's own): a mapping
     * scoped by hand, which no template outranks and no template composes.
     */
    public ScopedMapping scopedTo(List<String> patterns) {
        return new ScopedMapping(source, patterns, fields);
    }

    /** The same mapping with other fields and template facts (a template with its components merged in). */
    ScopedMapping with(FieldSchema newFields, IndexTemplate newTemplate) {
        return new ScopedMapping(source, indexPatterns, newFields, Optional.of(newTemplate), component);
    }

    /** For messages: {@code winlogbeat-template.json (winlogbeat-*)}. */
    public String describe() {
        return indexPatterns.isEmpty() ? source : source + " (" + String.join(", ", indexPatterns) + ")";
    }
}
