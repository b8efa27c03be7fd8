package io.ruleforge.eqlgen;

import io.ruleforge.ql.SourceSpan;

/** The outcome of translating a KQL query to EQL: an EQL query, or the construct EQL cannot express. */
public sealed interface EqlTranslation permits EqlTranslation.Expressed, EqlTranslation.NotExpressible {

    /**
     * @param condition the EQL condition, e.g. {@code process.name == "cmd.exe" and not cidrMatch(...)}
     */
    record Expressed(String condition) implements EqlTranslation {
        /** A complete EQL query over every event category: KQL has no notion of category. */
        public String query() {
            return "any where " + condition;
        }
    }

    /** @param span where in the KQL query the construct stands */
    record NotExpressible(String reason, SourceSpan span) implements EqlTranslation {
    }
}
