package io.ruleforge.fields;

import java.util.List;

/**
 * What an index template says beyond its fields: which template Elasticsearch takes for a new index, and which
 * component templates it is composed of.
 *
 * <p>Elasticsearch applies one composable template ({@code PUT _index_template}) to a new index: of those whose
 * {@code index_patterns} match its name, the one of the highest {@code priority} (0 when absent; it refuses to install
 * two of one priority whose patterns overlap). Legacy templates ({@code PUT _template}) apply only when no composable
 * one matches, and then all of them that match, merged.
 *
 * @param composable whether it is a composable template (else a legacy one)
 * @param priority   a composable template's {@code priority}, 0 when absent (a legacy template's is not read)
 * @param composedOf the component templates it is composed of ({@code composed_of}), merged in this order under its
 *                   own {@code template}
 * @param optional   the components it lists under {@code ignore_missing_component_templates}, which Elasticsearch
 *                   lets be absent
 * @param notGiven   of {@code composedOf}, those no mapping file holds, whose fields are therefore not read (filled in
 *                   by {@link IndexMappings}, which sees every file; a file alone names none)
 */
public record IndexTemplate(boolean composable, long priority, List<String> composedOf, List<String> optional,
                            List<String> notGiven) {

    public IndexTemplate {
        composedOf = List.copyOf(composedOf);
        optional = List.copyOf(optional);
        notGiven = List.copyOf(notGiven);
    }

    /** A composable template ({@code PUT _index_template} body, an entry of {@code GET _index_template}). */
    public static IndexTemplate composable(long priority, List<String> composedOf, List<String> optional) {
        return new IndexTemplate(true, priority, composedOf, optional, List.of());
    }

    /** A legacy template ({@code PUT _template} body, an entry of {@code GET _template}). */
    public static IndexTemplate legacy() {
        return new IndexTemplate(false, 0, List.of(), List.of(), List.of());
    }

    /**
     * Whether Elasticsearch takes this template over {@code other} for a new index whose name both match: a
     * composable template outranks every legacy one and the composable ones of a lower priority.
     */
    public boolean outranks(IndexTemplate other) {
        return composable && (!other.composable || priority > other.priority);
    }

    /** This template with the components the given mapping files lack. */
    public IndexTemplate withNotGiven(List<String> names) {
        return new IndexTemplate(composable, priority, composedOf, optional, names);
    }
}
