package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> values(String event, String field) throws Exception {
        return EventFields.values(JSON.readTree(event), field).stream().map(JsonNode::asText).toList();
    }

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"process\":{\"name\":\"a\"}}                              | process.name | a",
            "{\"process.name\":\"a\"}                                    | process.name | a",
            "{\"process\":{\"parent.name\":\"p\"}}                       | process.parent.name | p",
            "{\"process.parent\":{\"name\":\"p\"}}                       | process.parent.name | p",
            "{\"process\":{\"args\":[\"x\",\"y\"]}}                      | process.args | x,y",
            "{\"process\":[{\"name\":\"a\"},{\"name\":\"b\"}]}           | process.name | a,b",
            "{\"process\":{\"name\":\"a\"},\"process.name\":\"b\"}       | process.name | a,b",
            "{\"process\":{\"args\":[[\"x\"],null,\"y\"]}}               | process.args | x,y",
            "{\"process\":{\"name\":null}}                               | process.name | ''",
            "{\"process\":{\"pid\":4}}                                   | process.name | ''",
            "{\"process\":\"flat\"}                                      | process.name | ''",
            // Elasticsearch 8.19.21 (probe26 finding 6): {"process.name.":"cmd.exe"} and {"process":{"name.":"cmd.exe"}}
            // are indexed as process.name (term process.name "cmd.exe" hits); "process.name..", "process.":{"name"} too
            "{\"process.name.\":\"a\"}                                   | process.name | a",
            "{\"process\":{\"name.\":\"a\"}}                             | process.name | a",
            "{\"process.name..\":\"a\"}                                  | process.name | a",
            "{\"process.\":{\"name\":\"a\"}}                             | process.name | a",
            // ...while ".process.name", "process..name" and {"process":{".name"}} are refused ("field name cannot
            // contain only whitespace"): no value here, and RF6011 from the fixture check
            "{\"process..name\":\"a\"}                                   | process.name | ''",
            "{\".process.name\":\"a\"}                                   | process.name | ''",
            "{\"process\":{\".name\":\"a\"}}                             | process.name | ''",
    })
    void readsDottedNestedAndArrayValues(String event, String field, String expected) throws Exception {
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(values(event, field)).isEqualTo(want);
    }

    /** Both keys name process.name: both values are read (their order is not Elasticsearch's document order). */
    @Test
    void aTrailingDotKeyAndItsPlainTwinAreOneField() throws Exception {
        assertThat(values("{\"process\":{\"name.\":\"a\",\"name\":\"b\"}}", "process.name")).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void listsLeafPathsForPatternExpansion() throws Exception {
        JsonNode event = JSON.readTree("{\"process\":{\"name\":\"a\",\"parent\":{\"pid\":1}},\"host.name\":\"h\",\"tags\":[\"t\"]}");
        assertThat(EventFields.leafPaths(event)).containsExactly("host.name", "process.name", "process.parent.pid", "tags");
    }

    @Test
    void leafPathsDropTrailingDotsAndRefusedKeys() throws Exception {
        assertThat(EventFields.leafPaths(JSON.readTree("{\"process\":{\"name.\":\"a\",\".pid\":1},\"host.name.\":\"h\"}")))
                .containsExactly("host.name", "process.name");
    }
}
