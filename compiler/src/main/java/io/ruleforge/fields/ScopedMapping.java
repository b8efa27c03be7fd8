package io.ruleforge.fields;

import java.util.List;
import java.util.Objects;

/**
 * A user's mapping and the indices it describes.
 *
 * @param source        where it came from, for messages: the file name, and the template or index inside it
 * @param indexPatterns the indices it describes (an index template's {@code index_patterns}, an index name of
 *                      {@code GET _mapping} output, or patterns the user configured); empty = every index
 * @param fields        its field types
 */
public record ScopedMapping(String source, List<String> indexPatterns, FieldSchema fields) {

    public ScopedMapping {
        Objects.requireNonNull(source, "source");
        indexPatterns = List.copyOf(indexPatterns);
        Objects.requireNonNull(fields, "fields");
    }

    /** Whether a rule searching {@code ruleIndex} sees these fields; unscoped mappings apply to every rule. */
    public boolean appliesTo(List<String> ruleIndex) {
        return indexPatterns.isEmpty() || IndexPatterns.anyOverlap(indexPatterns, ruleIndex);
    }

    /** As {@link #appliesTo}, for the patterns {@link IndexPatterns#searchedAll} gave for the rule's list. */
    public boolean appliesToSearched(List<String> searched) {
        return indexPatterns.isEmpty() || IndexPatterns.anySearchedOverlap(indexPatterns, searched);
    }

    /** The same fields for the given patterns instead (the user's configuration overrides the file's own). */
    public ScopedMapping scopedTo(List<String> patterns) {
        return new ScopedMapping(source, patterns, fields);
    }

    /** For messages: {@code winlogbeat-template.json (winlogbeat-*)}. */
    public String describe() {
        return indexPatterns.isEmpty() ? source : source + " (" + String.join(", ", indexPatterns) + ")";
    }
}
