package io.ruleforge.compile;

import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.eqlgen.EqlGenerator;
import io.ruleforge.fields.IndexMappings.RuleFieldTypes;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import io.ruleforge.kql.KqlQuery;
import io.ruleforge.kql.KqlSyntaxError;
import io.ruleforge.kql.verify.Finding;
import io.ruleforge.kql.verify.MixedAndOr;
import io.ruleforge.kql.verify.KqlVerifier;
import io.ruleforge.diag.Severity;

import java.util.ArrayList;
import java.util.List;

/**
 * The front-end checks and back ends for one set of field types: the one place they are wired together, used by the
 * compile stage for rules (rules searching the same indices share one) and by the {@code query} command for loose
 * queries, so both give a query the same checks and the same translation.
 *
 * @param version Kibana version whose KQL grammar and DSL are reproduced
 * @param fields  what Kibana's data view gives the translation, and the real mapping the checks use
 */
public record QueryBackEnds(KibanaVersion version, RuleFieldTypes fields, DslCompiler dsl, EqlGenerator eql,
                            KqlVerifier verifier, EqlVerifier eqlVerifier) {

    public static QueryBackEnds of(KibanaVersion version, DslOptions options, RuleFieldTypes fields) {
        return new QueryBackEnds(version, fields, new DslCompiler(version, fields.kibanaFields(), options),
                new EqlGenerator(fields.indexFields()), new KqlVerifier(fields.indexFields()),
                new EqlVerifier(fields.indexFields()));
    }

    /** A KQL query parsed and its fields checked: the syntax error, or the query with the verifier's findings. */
    public sealed interface KqlCheck {
        record SyntaxError(KqlSyntaxError error) implements KqlCheck {
        }

        record Verified(KqlQuery query, List<Finding> findings) implements KqlCheck {
            public Verified {
                findings = List.copyOf(findings);
            }

            /** Whether a finding is an error: the query must not be translated. */
            public boolean rejected() {
                return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
            }
        }
    }

    /** The same checks and back ends, the KQL checks without "did you mean" (see {@link KqlVerifier#withoutNameSuggestions}). */
    public QueryBackEnds withoutNameSuggestions() {
        return new QueryBackEnds(version, fields, dsl, eql, verifier.withoutNameSuggestions(), eqlVerifier);
    }

    public KqlCheck checkKql(String kql) {
        KqlParseResult parsed = KqlParser.parse(kql, version);
        if (parsed instanceof KqlParseResult.Failure failure) {
            return new KqlCheck.SyntaxError(failure.error());
        }
        KqlQuery query = ((KqlParseResult.Success) parsed).query();
        List<Finding> findings = new ArrayList<>(verifier.verify(query.root()));
        findings.addAll(MixedAndOr.find(query));
        return new KqlCheck.Verified(query, findings);
    }
}
