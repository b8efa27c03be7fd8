package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NamedClausesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String QUERY = """
            {"bool":{"filter":[
              {"bool":{"should":[{"term":{"process.name":{"value":"cmd.exe"}}}],"minimum_should_match":1}},
              {"bool":{"must_not":{"bool":{"should":[
                 {"bool":{"should":[{"match":{"destination.ip":"10.0.0.0/8"}}],"minimum_should_match":1}}],
               "minimum_should_match":1}}}}]}}""";

    @Test
    void everyClauseIsNamedByItsPath() throws Exception {
        JsonNode tagged = NamedClauses.tag(JSON.readTree(QUERY));
        assertThat(tagged.at("/bool/_name").asText()).isEqualTo("query");
        assertThat(tagged.at("/bool/filter/0/bool/should/0/term/process.name/_name").asText())
                .isEqualTo("bool.filter[0].bool.should[0]");
        assertThat(tagged.at("/bool/filter/1/bool/must_not/bool/should/0/bool/should/0/match/destination.ip").toString())
                .isEqualTo("{\"query\":\"10.0.0.0/8\",\"_name\":\"bool.filter[1].bool.must_not.bool.should[0].bool.should[0]\"}");
    }

    @Test
    void aMissedRequiredClauseExplainsAQuietVerdict() throws Exception {
        JsonNode event = JSON.readTree("{\"process\":{\"name\":\"CMD.EXE\"}}");
        assertThat(NamedClauses.explain(JSON.readTree(QUERY), Set.of("bool.filter[1]"), event))
                .isEqualTo("bool.filter[0].bool.should[0]: term process.name \"cmd.exe\" did not match (process.name: \"CMD.EXE\")");
    }

    @Test
    void aMatchedExclusionExplainsAQuietVerdict() throws Exception {
        JsonNode event = JSON.readTree("{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"10.1.2.3\"}}");
        Set<String> matched = Set.of("bool.filter[0]", "bool.filter[0].bool.should[0]", "bool.filter[1].bool.must_not",
                "bool.filter[1].bool.must_not.bool.should[0]", "bool.filter[1].bool.must_not.bool.should[0].bool.should[0]");
        assertThat(NamedClauses.explain(JSON.readTree(QUERY), matched, event))
                .isEqualTo("bool.filter[1].bool.must_not.bool.should[0].bool.should[0]: match destination.ip \"10.0.0.0/8\" "
                        + "matched (destination.ip: \"10.1.2.3\")");
    }

    @Test
    void aFiringVerdictNamesTheRequiredClauses() throws Exception {
        JsonNode event = JSON.readTree("{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"8.8.8.8\"}}");
        Set<String> matched = Set.of("query", "bool.filter[0]", "bool.filter[0].bool.should[0]", "bool.filter[1]");
        assertThat(NamedClauses.explain(JSON.readTree(QUERY), matched, event)).isEqualTo("bool: all 2 must/filter clauses matched");
    }
}
