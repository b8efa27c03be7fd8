package io.ruleforge.compile;

import io.ruleforge.diag.Code;

/**
 * Diagnostic codes of ES|QL rules (RF35xx), given by the compile stage from the ES|QL front end and verifier. The
 * verifier's own kind (e.g. {@code unknown-column}) follows each message.
 */
public final class EsqlCodes {
    /** The query does not parse (with the selected 8.19 or 9.x syntax). */
    public static final String SYNTAX = Code.RF3501.id();
    /** What Elasticsearch rejects: unknown columns and functions, arity, argument types, aggregates out of place. */
    public static final String INVALID = Code.RF3502.id();
    /** A field the mapping of the FROM indices does not list (a warning, like KQL's unknown fields). */
    public static final String FIELD = Code.RF3503.id();
    /**
     * A non-aggregating query without METADATA _id, _version, _index, or whose result drops _id: Kibana cannot
     * de-duplicate its alerts.
     */
    public static final String METADATA = Code.RF3504.id();
    /** A LIMIT above the rule's max_signals. */
    public static final String LIMIT = Code.RF3505.id();
    /** The query of KQL() does not parse. */
    public static final String KQL_ARGUMENT = Code.RF3506.id();

    /** A time span in a unit Elasticsearch 8.19 does not know ({@code 5m}), accepted in 9.x syntax. */
    public static final String TIME_UNIT = Code.RF3507.id();

    /** An AND that is an operand of an OR without parentheses of its own (a note). */
    public static final String AND_WITHIN_OR = Code.RF3508.id();

    /** Kibana's default max_signals, when a rule sets none. */
    public static final int DEFAULT_MAX_SIGNALS = 100;

    private EsqlCodes() {
    }

    /** The code of a verifier finding of the given kind. */
    public static String of(String kind) {
        return switch (kind) {
            case "unknown-field" -> FIELD;
            case "missing-metadata", "dropped-id" -> METADATA;
            case "limit-above-max-signals" -> LIMIT;
            case "kql-syntax" -> KQL_ARGUMENT;
            case "time-unit" -> TIME_UNIT;
            case "and-within-or" -> AND_WITHIN_OR;
            default -> INVALID;
        };
    }

    static String hint(String kind) {
        return switch (kind) {
            case "missing-metadata" -> "add METADATA _id, _version, _index after the FROM indices";
            case "dropped-id" -> "keep the _id column (add _id, _version, _index to the KEEP)";
            case "limit-above-max-signals" -> "lower the LIMIT or raise max_signals";
            case "unknown-field" -> "check the name, or add the index mapping that has it";
            case "time-unit" -> "write 5 min (or 5 minutes) rather than 5m";
            case "and-within-or" -> "put it in parentheses to say so, or put parentheses around the OR's operands if they were"
                    + " meant to be grouped first";
            default -> "";
        };
    }
}
