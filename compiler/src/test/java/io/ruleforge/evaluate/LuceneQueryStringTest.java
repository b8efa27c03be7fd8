package io.ruleforge.evaluate;

import io.ruleforge.dsl.LuceneQueryDsl;
import io.ruleforge.fields.EcsSchemas;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lucene-language rules through the DSL Kibana sends for them, decided with the ECS mapping. */
class LuceneQueryStringTest {

    private static final DslEvaluator ECS = new DslEvaluator(EcsSchemas.defaultSchema(),
            Clock.fixed(Instant.parse("2024-05-10T12:00:00Z"), ZoneOffset.UTC));

    private static boolean fires(String lucene, String event) {
        return ECS.evaluate(LuceneQueryDsl.of(lucene), DslEvaluatorTest.json(event)).matched();
    }

    @Test
    void fieldedTermsWithOperators() {
        String q = "event.category:process AND process.name:chmod AND NOT user.name:root";
        assertThat(fires(q, "{'event':{'category':'process'},'process':{'name':'chmod'},'user':{'name':'bob'}}")).isTrue();
        assertThat(fires(q, "{'event':{'category':'process'},'process':{'name':'chmod'},'user':{'name':'root'}}")).isFalse();
        assertThat(fires(q, "{'event':{'category':'process'},'process':{'name':'chown'},'user':{'name':'bob'}}")).isFalse();
        // a missing user.name is not root: NOT matches
        assertThat(fires(q, "{'event':{'category':'process'},'process':{'name':'chmod'}}")).isTrue();
    }

    @Test
    void regexpMatchesWholeKeywordValues() {
        String q = "process.args:(g\\+s OR /2[0-9]{3}/)";
        assertThat(fires(q, "{'process':{'args':['chmod','2755','/tmp/x']}}")).isTrue();
        assertThat(fires(q, "{'process':{'args':['chmod','g+s','/tmp/x']}}")).isTrue();
        assertThat(fires(q, "{'process':{'args':['chmod','12755']}}")).isFalse();
        assertThat(fires(q, "{'process':{'args':['chmod','u+s']}}")).isFalse();
    }

    @Test
    void consecutiveBareTermsAreOneKeywordTerm() {
        // no operator: the keyword field gets the single term "start or process_started"
        String q = "event.type:(start or process_started)";
        assertThat(fires(q, "{'event':{'type':'start'}}")).isFalse();
        assertThat(fires(q, "{'event':{'type':'start or process_started'}}")).isTrue();
        assertThat(fires("event.type:(start OR process_started)", "{'event':{'type':'start'}}")).isTrue();
    }

    @Test
    void wildcardsRangesExistsAndPhrases() {
        assertThat(fires("process.name:power*", "{'process':{'name':'powershell.exe'}}")).isTrue();
        assertThat(fires("process.name:Power*", "{'process':{'name':'powershell.exe'}}")).isFalse();
        assertThat(fires("destination.port:[1024 TO *]", "{'destination':{'port':8080}}")).isTrue();
        assertThat(fires("destination.port:{* TO 1024}", "{'destination':{'port':1024}}")).isFalse();
        assertThat(fires("destination.port:>=1024", "{'destination':{'port':1024}}")).isTrue();
        assertThat(fires("_exists_:user.name", "{'user':{'name':'x'}}")).isTrue();
        assertThat(fires("user.name:*", "{'host':{'name':'x'}}")).isFalse();
        assertThat(fires("message:\"access denied\"", "{'message':'Access denied for bob'}")).isTrue();
        assertThat(fires("message:\"denied access\"", "{'message':'Access denied for bob'}")).isFalse();
    }

    @Test
    void aPlainTermListTakesTheSimplePathWithKibanasOptions() {
        assertThat(fires("chmod", "{'process':{'name':'chmod'}}")).isTrue();
        assertThat(fires("chmod", "{'process':{'name':'chown'}}")).isFalse();
    }

    @Test
    void unmodelledSyntaxIsRefusedNotGuessed() {
        assertThatThrownBy(() -> fires("user.name:admin~", "{'user':{'name':'admin'}}"))
                .isInstanceOf(DslEvaluationException.class).hasMessageContaining("fuzzy");
        assertThatThrownBy(() -> fires("/adm.n/", "{'user':{'name':'admin'}}"))
                .isInstanceOf(DslEvaluationException.class).hasMessageContaining("without a field");
    }

    @Test
    void kibanaWrapsTheTextInAQueryStringWithTheEngineOptions() {
        assertThat(LuceneQueryDsl.of("a:b").toString()).isEqualTo(
                "{\"bool\":{\"must\":[{\"query_string\":{\"query\":\"a:b\",\"analyze_wildcard\":true,\"time_zone\":\"Zulu\"}}],"
                        + "\"filter\":[],\"should\":[],\"must_not\":[]}}");
    }
}
