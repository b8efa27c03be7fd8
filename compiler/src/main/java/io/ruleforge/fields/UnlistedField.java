package io.ruleforge.fields;

/**
 * What an index makes of a field its mapping does not list, as the mapping's {@code dynamic} and {@code enabled}
 * settings and its root's dynamic parameters decide ({@link FieldSchema#unlisted}).
 *
 * @param handling what Elasticsearch does with a value of the field
 * @param reason   why, in words naming the setting and where it is set; empty for {@link Handling#DYNAMIC}
 */
public record UnlistedField(Handling handling, String reason) {

    /** Elasticsearch's default dynamic mapping types the field (which ruleforge models). */
    static final UnlistedField DYNAMIC = new UnlistedField(Handling.DYNAMIC, "");

    public enum Handling {
        /** typed by Elasticsearch's default dynamic mapping, by its first value */
        DYNAMIC,
        /** kept in {@code _source} only: no query finds it ({@code dynamic: false}, or an object with {@code enabled: false}) */
        NOT_INDEXED,
        /** the event is refused ({@code dynamic: strict}) */
        REFUSES_EVENT,
        /** typed by settings ruleforge does not model ({@code dynamic: runtime}, {@code dynamic_date_formats}): undecidable */
        NOT_MODELLED
    }

    /** The refusal's words, for {@link Handling#NOT_MODELLED}: the setting, and that ruleforge does not model it. */
    public String notModelled() {
        return notModelled(reason);
    }

    /** The words every refusal of a mapping setting ruleforge does not model uses: the setting, and that. */
    public static String notModelled(String setting) {
        return "the mapping sets " + setting + ", which ruleforge does not model";
    }

    /** {@link #notModelled()} for a query reading {@code field}, naming it. */
    public String notModelledMessage(String field) {
        return field + ": " + notModelled();
    }
}
