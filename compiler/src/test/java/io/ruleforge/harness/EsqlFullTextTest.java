package io.ruleforge.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.evaluate.esql.EsqlQueryRunner;
import io.ruleforge.evaluate.esql.EvaluationContext;
import io.ruleforge.evaluate.esql.EventIndex;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ES|QL's KQL() decided by the KQL front end and a compiled matcher, at the ES|QL query's own instant. */
class EsqlFullTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FieldSchema SCHEMA = FieldSchema.of("t", List.of(new FieldMapping("@timestamp", "date"),
            new FieldMapping("process.name", "keyword"), new FieldMapping("user.name", "keyword"),
            new FieldMapping("source.ip", "ip")));

    private static List<String> rowIds(String query, Instant now, String... events) throws Exception {
        List<EventIndex.Event> docs = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            docs.add(new EventIndex.Event(String.valueOf(i + 1), JSON.readTree(events[i])));
        }
        EsqlQueryRunner.Outcome outcome = new EsqlQueryRunner(List.of(EventIndex.of("logs-test", true, docs, SCHEMA)),
                new EvaluationContext(now.toEpochMilli()), EsqlFullText.forSchema(SCHEMA)).run(query, EsqlVersion.V9);
        assertThat(outcome).as(String.valueOf(outcome)).isInstanceOf(EsqlQueryRunner.Ran.class);
        return ((EsqlQueryRunner.Ran) outcome).result().rowIds();
    }

    /**
     * Elasticsearch runs KQL() as a query of the ES|QL request, whose date math reads the request's instant: an
     * event half an hour before the query's NOW is within now-1h, one two hours before is not — whatever the wall
     * clock says (replay runs queries at its recorded events' times).
     */
    @Test
    void dateMathInKqlReadsTheQuerysInstantNotTheWallClock() throws Exception {
        Instant now = Instant.parse("2020-03-01T12:00:00Z");
        String[] events = {"{\"@timestamp\":\"2020-03-01T11:30:00Z\"}", "{\"@timestamp\":\"2020-03-01T10:00:00Z\"}",
                "{\"@timestamp\":\"2020-03-01T12:30:00Z\"}"};
        assertThat(rowIds("FROM logs-test | WHERE KQL(\"\"\"@timestamp >= \"now-1h\" \"\"\")", now, events)).containsExactly("1", "3");
        assertThat(rowIds("FROM logs-test | WHERE KQL(\"\"\"@timestamp >= \"now-1h\" and @timestamp <= \"now\" \"\"\")", now, events))
                .containsExactly("1");
        assertThat(rowIds("FROM logs-test | WHERE KQL(\"\"\"@timestamp >= \"now-1h\" \"\"\")", now.plusSeconds(7200), events)).isEmpty();
    }

    @Test
    void aKqlConditionDecidesEachRowAsTheKqlQueryWould() throws Exception {
        Instant now = Instant.parse("2020-03-01T12:00:00Z");
        String[] events = {
                "{\"process\":{\"name\":\"cmd.exe\"},\"user\":{\"name\":\"bob\"},\"source\":{\"ip\":\"10.1.2.3\"}}",
                "{\"process.name\":\"cmd.exe\",\"user.name\":\"admin7\",\"source.ip\":\"8.8.8.8\"}",
                "{\"process\":{\"name\":[\"powershell.exe\",\"cmd.exe\"]},\"source\":{\"ip\":\"8.8.4.4\"}}",
                "{\"process\":{\"name\":\"CMD.EXE\"},\"user\":{\"name\":\"carol\"}}"};
        // a keyword compares as written (CMD.EXE is another value); an array matches when one value does
        assertThat(rowIds("FROM logs-test | WHERE KQL(\"process.name : cmd.exe\")", now, events)).containsExactly("1", "2", "3");
        assertThat(rowIds("FROM logs-test | WHERE KQL(\"process.name : cmd.exe and not user.name : admin*\")", now, events))
                .containsExactly("1", "3");
        // a CIDR on an ip field; an event without the field is not in it, and `not` takes it
        assertThat(rowIds("FROM logs-test | WHERE NOT KQL(\"source.ip : 10.0.0.0/8\")", now, events)).containsExactly("2", "3", "4");
    }
}
