package io.ruleforge.evaluate.esql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event read once for several indices (replay's runs over overlapping windows) gives each index the columns and
 * cells reading it afresh gives: a field the mapping lacks takes the type of the first event of each window that
 * holds it, so the same event's cell changes with the window.
 */
class EventIndexTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode event(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static EsqlIndex fresh(List<JsonNode> events, FieldSchema schema) {
        List<EventIndex.Event> indexed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            indexed.add(new EventIndex.Event(String.valueOf(i + 1), events.get(i)));
        }
        return EventIndex.of("events", true, indexed, schema);
    }

    private static EsqlIndex read(List<EventIndex.ReadEvent> events, FieldSchema schema) {
        List<EventIndex.Event> indexed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            indexed.add(EventIndex.Event.of(String.valueOf(i + 1), events.get(i)));
        }
        return EventIndex.of("events", true, indexed, schema);
    }

    @Test
    void anEventReadBeforeGivesEachWindowTheColumnsAndCellsOfAFreshReading() throws Exception {
        JsonNode text = event("{\"@timestamp\":\"2026-11-28T10:00:00Z\",\"x\":\"abc\",\"host\":{\"name\":\"a\"}}");
        JsonNode number = event("{\"@timestamp\":\"2026-11-28T10:01:00Z\",\"x\":5,\"host.name\":\"b\"}");
        JsonNode other = event("{\"@timestamp\":\"2026-11-28T10:02:00Z\",\"y\":true}");
        EventIndex.ReadEvent readText = new EventIndex.ReadEvent(text);
        EventIndex.ReadEvent readNumber = new EventIndex.ReadEvent(number);
        EventIndex.ReadEvent readOther = new EventIndex.ReadEvent(other);
        FieldSchema schema = io.ruleforge.fields.EcsSchemas.defaultSchema();
        // the windows of consecutive runs: x is text while the first window holds the text event, then long
        List<List<EventIndex.ReadEvent>> windows = List.of(List.of(readText, readNumber), List.of(readNumber, readOther),
                List.of(readText, readNumber, readOther), List.of(readNumber));
        for (List<EventIndex.ReadEvent> window : windows) {
            EsqlIndex expected = fresh(window.stream().map(EventIndex.ReadEvent::document).toList(), schema);
            EsqlIndex actual = read(window, schema);
            assertThat(actual.columns()).isEqualTo(expected.columns());
            assertThat(actual.rows()).extracting(SourceRow::cells).isEqualTo(expected.rows().stream().map(SourceRow::cells).toList());
        }
        assertThat(fresh(List.of(number), schema).columns()).contains(new Column("x", io.ruleforge.esql.ast.DataType.LONG));
        assertThat(fresh(List.of(text, number), schema).columns()).contains(new Column("x", io.ruleforge.esql.ast.DataType.TEXT));
    }

    /** An event that is no row still types the columns it adds: the first event of the window holding a field does. */
    @Test
    void anEventWithoutARowStillTypesTheFieldsItAdds() throws Exception {
        EventIndex.ReadEvent dropped = new EventIndex.ReadEvent(event("{\"x\":\"abc\",\"host\":{\"name\":\"a\"}}"));
        EventIndex.ReadEvent kept = new EventIndex.ReadEvent(event("{\"x\":5,\"host\":{\"name\":\"b\"}}"));
        FieldSchema schema = io.ruleforge.fields.EcsSchemas.defaultSchema();
        read(List.of(dropped, kept), schema); // read as rows first: their cells are kept
        dropped.withoutRow();
        EsqlIndex index = read(List.of(dropped, kept), schema);
        assertThat(index.columns()).contains(new Column("x", io.ruleforge.esql.ast.DataType.TEXT));
        assertThat(index.rows()).extracting(SourceRow::id).containsExactly("2");
        int x = index.columns().indexOf(new Column("x", io.ruleforge.esql.ast.DataType.TEXT));
        assertThat(index.rows().get(0).cells().get(x)).isEqualTo("5");
    }

    /**
     * A document whose values are all leaves or arrays of leaves (replay's projection of an event onto the fields a
     * query names) is read at its keys; any other shape as {@link io.ruleforge.evaluate.EventFields} reads it. Both
     * must give what EventFields gives, for every path of random documents of every shape: nested, dotted, mixed,
     * arrays of leaves, of objects and with nulls.
     */
    @Test
    void aReadEventGivesEveryPathTheValuesEventFieldsReadsThere() {
        java.util.Random random = new java.util.Random(20261128);
        String[] keys = {"a", "b", "a.b", "b.c", "a.b.c"};
        int flat = 0;
        int checked = 0;
        for (int round = 0; round < 3000; round++) {
            com.fasterxml.jackson.databind.node.ObjectNode document = JSON.createObjectNode();
            int fields = 1 + random.nextInt(4);
            boolean leavesOnly = random.nextBoolean();
            for (int f = 0; f < fields; f++) {
                document.set(keys[random.nextInt(keys.length)], randomValue(random, leavesOnly ? 0 : 2));
            }
            java.util.Set<String> paths = new java.util.TreeSet<>(io.ruleforge.evaluate.EventFields.leafPaths(document));
            paths.addAll(List.of("a", "b", "c", "a.b", "b.c", "a.b.c", "a.c", "x"));
            EventIndex.ReadEvent read = new EventIndex.ReadEvent(document);
            boolean allLeaves = true;
            for (JsonNode v : document) {
                allLeaves &= !v.isObject() && (!v.isArray() || java.util.stream.StreamSupport.stream(v.spliterator(), false)
                        .noneMatch(JsonNode::isContainerNode));
            }
            flat += allLeaves ? 1 : 0;
            for (String path : paths) {
                assertThat(read.values(path)).as(path + " of " + document)
                        .isEqualTo(io.ruleforge.evaluate.EventFields.values(document, path));
                checked++;
            }
        }
        assertThat(flat).as("documents read at their keys").isGreaterThan(1000);
        assertThat(checked).isGreaterThan(20000);
    }

    /**
     * Indices built over events read before give the columns and cells of a fresh reading, for random windows of
     * random documents — flat ones (replay's projections) among them — over a mapping that has some of their fields,
     * so that some documents add no column and others add columns of every dynamic type.
     */
    @Test
    void indicesOverReadEventsEqualFreshOnesForRandomWindows() {
        java.util.Random random = new java.util.Random(28112026);
        String[] keys = {"a", "b", "a.b", "b.c", "a.b.c"};
        FieldSchema schema = FieldSchema.of("t", List.of(new io.ruleforge.fields.FieldMapping("a", "keyword"),
                new io.ruleforge.fields.FieldMapping("b.c", "long")));
        int withoutDynamic = 0;
        for (int round = 0; round < 500; round++) {
            List<EventIndex.ReadEvent> window = new ArrayList<>();
            for (int e = 1 + random.nextInt(3); e > 0; e--) {
                com.fasterxml.jackson.databind.node.ObjectNode document = JSON.createObjectNode();
                boolean leavesOnly = random.nextBoolean();
                for (int f = 1 + random.nextInt(3); f > 0; f--) {
                    document.set(keys[random.nextInt(keys.length)], randomValue(random, leavesOnly ? 0 : 2));
                }
                window.add(new EventIndex.ReadEvent(document));
            }
            EsqlIndex expected = fresh(window.stream().map(EventIndex.ReadEvent::document).toList(), schema);
            for (int reading = 0; reading < 2; reading++) { // the second reading is of the kept cells
                EsqlIndex actual = read(window, schema);
                assertThat(actual.columns()).as(String.valueOf(window.stream().map(EventIndex.ReadEvent::document).toList()))
                        .isEqualTo(expected.columns());
                assertThat(actual.rows()).extracting(SourceRow::cells).isEqualTo(expected.rows().stream().map(SourceRow::cells).toList());
            }
            withoutDynamic += expected.columns().size() == 2 ? 1 : 0;
        }
        assertThat(withoutDynamic).as("windows adding no column").isGreaterThan(50).isLessThan(450);
    }

    private static JsonNode randomValue(java.util.Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 7 : 5);
        switch (kind) {
            case 0: return JSON.getNodeFactory().textNode("v" + random.nextInt(3));
            case 1: return JSON.getNodeFactory().numberNode(random.nextInt(3));
            case 2: return JSON.getNodeFactory().nullNode();
            case 3: return JSON.getNodeFactory().booleanNode(random.nextBoolean());
            case 4: {
                com.fasterxml.jackson.databind.node.ArrayNode array = JSON.createArrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.add(randomValue(random, Math.max(0, depth - 1)));
                }
                return array;
            }
            default: {
                com.fasterxml.jackson.databind.node.ObjectNode object = JSON.createObjectNode();
                for (int i = 1 + random.nextInt(2); i > 0; i--) {
                    object.set(random.nextBoolean() ? "b" : random.nextBoolean() ? "c" : "b.c", randomValue(random, depth - 1));
                }
                return object;
            }
        }
    }
}
