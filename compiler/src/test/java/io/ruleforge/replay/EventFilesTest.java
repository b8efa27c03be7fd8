package io.ruleforge.replay;

import io.ruleforge.diag.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What replay's events reader refuses, and where: nothing in an events file is dropped without a word. */
class EventFilesTest {

    @TempDir
    Path dir;

    private List<RecordedEvent> read(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        List<RecordedEvent> events = new ArrayList<>();
        EventFiles.of(List.of(file), dir).read(events::add, n -> { });
        return events;
    }

    private void refused(String name, String text, SourcePosition at, String message) {
        refused(name, text.getBytes(StandardCharsets.UTF_8), at, message);
    }

    private void refused(String name, byte[] bytes, SourcePosition at, String message) {
        assertThatThrownBy(() -> read(name, bytes)).as(new String(bytes, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(EventInputException.class, e -> {
                    assertThat(e.position()).isEqualTo(at);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    /**
     * Files each in time order are merged by @timestamp, whatever their names: an export per host read file after
     * file would put a whole file's days before the next file's first event (the runs already decided would miss
     * them). Ties and events without a time keep file order; a saved response's hits take part in the merge.
     */
    @Test
    void theFilesEventsAreMergedByTimestamp() throws IOException {
        Files.writeString(dir.resolve("a-host.ndjson"), event("a1", "2026-11-23T10:00:02Z") + event("a2", "2026-11-23T10:00:04Z")
                + event("a3", "2026-11-23T10:00:05Z"));
        Files.writeString(dir.resolve("b-host.ndjson"), "{\"id\":\"untimed\"}\n" + event("b1", "2026-11-23T10:00:01Z")
                + event("b2", "2026-11-23T10:00:04Z"));
        Files.writeString(dir.resolve("c-saved.json"), "{\"hits\":{\"hits\":[{\"_source\":" + event("c1", "2026-11-23T10:00:03Z").strip()
                + "}]}}");
        List<RecordedEvent> events = new ArrayList<>();
        EventFiles.of(List.of(dir), dir).read(events::add, n -> { });
        assertThat(events).extracting(e -> e.source().path("id").asText())
                .containsExactly("untimed", "b1", "a1", "c1", "a2", "b2", "a3");
        assertThat(events).extracting(RecordedEvent::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events.get(2).file()).isZero();
        assertThat(events.get(2).line()).isEqualTo(1);
    }

    /**
     * An export per host and hour is hundreds of files, more than may be open at once: each is opened when the merge
     * reaches its first event and closed at its end, so that all are merged in time order whatever their names, with
     * only the files of overlapping hours open together.
     */
    @Test
    void moreFilesThanMayBeOpenAtOnceAreMergedWhenTheirTimesFollowEachOther() throws IOException {
        int hours = EventFiles.MAX_MERGED + 72;
        List<String> expected = new ArrayList<>();
        for (int hour = 0; hour < hours; hour++) {
            java.time.Instant start = java.time.Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * hour);
            for (String host : List.of("a", "b")) {
                // names whose order is not the time order: hour 10 before hour 2
                String events = event(host + hour + "-1", start.plusSeconds(host.equals("a") ? 60 : 30).toString())
                        + event(host + hour + "-2", start.plusSeconds(host.equals("a") ? 600 : 1200).toString());
                Files.writeString(dir.resolve(host + "-" + hour + ".ndjson"), events);
            }
            expected.addAll(List.of("b" + hour + "-1", "a" + hour + "-1", "a" + hour + "-2", "b" + hour + "-2"));
        }
        List<RecordedEvent> events = new ArrayList<>();
        EventFiles.of(List.of(dir), dir).read(events::add, n -> { });
        assertThat(events).extracting(e -> e.source().path("id").asText()).containsExactlyElementsOf(expected);
    }

    /** Files overlapping in time beyond the open limit: the one that would be opened next waits for one to end. */
    @Test
    void aFileBeyondTheOpenLimitWaitsForAnOpenFileToEnd() throws IOException {
        Files.writeString(dir.resolve("a.ndjson"), event("a1", "2026-11-23T10:00:01Z") + event("a2", "2026-11-23T10:00:05Z"));
        Files.writeString(dir.resolve("b.ndjson"), event("b1", "2026-11-23T10:00:02Z") + event("b2", "2026-11-23T10:00:06Z"));
        Files.writeString(dir.resolve("c.ndjson"), event("c1", "2026-11-23T10:00:03Z") + event("c2", "2026-11-23T10:00:04Z"));
        List<RecordedEvent> merged = new ArrayList<>();
        EventFiles.of(List.of(dir), dir).read(merged::add, n -> { }, 3);
        assertThat(merged).extracting(e -> e.source().path("id").asText()).containsExactly("a1", "b1", "c1", "c2", "a2", "b2");
        List<RecordedEvent> twoOpen = new ArrayList<>();
        EventFiles.of(List.of(dir), dir).read(twoOpen::add, n -> { }, 2);
        assertThat(twoOpen).extracting(e -> e.source().path("id").asText()).containsExactly("a1", "b1", "a2", "c1", "c2", "b2");
    }

    private static String event(String id, String time) {
        return "{\"id\":\"" + id + "\",\"@timestamp\":\"" + time + "\"}\n";
    }

    /** A pretty-printed saved response's events are placed at their hit's line, not at the response's first line. */
    @Test
    void aSavedResponsesEventsAreAtTheirHitsLines() throws IOException {
        String response = "{\n  \"took\": 1,\n  \"hits\": {\n    \"total\": {\"value\": 2},\n    \"hits\": [\n"
                + "      {\n        \"_index\": \"winlogbeat-1\",\n        \"_source\": {\"id\": \"first\", \"hits\": [{}]}\n      },\n"
                + "      {\"_source\": {\"id\": \"second\"}}\n    ]\n  }\n}\n";
        List<RecordedEvent> events = read("saved.json", response.getBytes(StandardCharsets.UTF_8));
        assertThat(events).extracting(RecordedEvent::line).containsExactly(6, 10);
        assertThat(events).extracting(RecordedEvent::index).containsExactly("winlogbeat-1", null);
    }

    /**
     * A saved response's bad hits are each named at their hit's line, its good hits still read; problems of files read
     * side by side are named in input order, and those beyond the first twenty counted per file.
     */
    @Test
    void badHitsAndBadLinesOfSeveralFilesAreNamedInInputOrder() throws IOException {
        Files.writeString(dir.resolve("a.json"), "{\n  \"hits\": {\n    \"hits\": [\n      {\"_source\": {\"id\": \"ok\"}},\n"
                + "      {\"_id\": \"x\"},\n      {\"_source\": \"text\"}\n    ]\n  }\n}\n");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2 * EventInputException.REPORTED; i++) {
            b.append(event("b" + i, "2026-11-23T10:00:0" + (i % 10) + "Z").strip()).append(i % 2 == 0 ? " junk\n" : "\n");
        }
        Files.writeString(dir.resolve("b.ndjson"), b);
        List<RecordedEvent> events = new ArrayList<>();
        assertThatThrownBy(() -> EventFiles.of(List.of(dir), dir).read(events::add, n -> { }))
                .isInstanceOfSatisfying(EventInputException.class, e -> {
                    assertThat(e.problems()).extracting(p -> p.position().file() + ":" + p.position().line())
                            .startsWith("a.json:5", "a.json:6", "b.ndjson:1", "b.ndjson:3");
                    assertThat(e.problems()).hasSize(EventInputException.REPORTED);
                    assertThat(e.unnamed()).containsOnlyKeys("b.ndjson");
                    assertThat(e.unnamed().get("b.ndjson")).isEqualTo(2);
                    assertThat(e.count()).isEqualTo(2 + EventInputException.REPORTED);
                });
        assertThat(events).extracting(e -> e.source().path("id").asText()).contains("ok");
    }

    /**
     * The problems named are the first in input order, not the first the merge meets: a file whose bad lines come
     * late in time is still named before a later file's.
     */
    @Test
    void theProblemsNamedAreTheFirstInInputOrder() throws IOException {
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            a.append(event("a" + i, "2026-11-23T11:00:" + String.format("%02d", i) + "Z"));
            b.append("{} junk\n");
        }
        for (int i = 0; i < 25; i++) {
            a.append("{} junk\n");
            b.append(event("b" + i, "2026-11-23T10:00:" + String.format("%02d", i) + "Z"));
        }
        Path first = Files.writeString(dir.resolve("a.ndjson"), a);
        Path second = Files.writeString(dir.resolve("b.ndjson"), b);
        assertThatThrownBy(() -> EventFiles.of(List.of(first, second), dir).read(e -> { }, n -> { }))
                .isInstanceOfSatisfying(EventInputException.class, e -> {
                    assertThat(e.problems()).extracting(p -> p.position().file()).containsOnly("a.ndjson").hasSize(20);
                    assertThat(e.problems().get(0).position().line()).isEqualTo(26);
                    assertThat(e.unnamed()).containsExactly(Map.entry("a.ndjson", 5L), Map.entry("b.ndjson", 25L));
                });
    }

    /** Every line that is not an event is found in one reading, each at its line: an export is mended in one go. */
    @Test
    void everyBadLineIsNamedNotOnlyTheFirst() throws IOException {
        Path file = dir.resolve("bad.ndjson");
        StringBuilder text = new StringBuilder(event("ok1", "2026-11-23T10:00:01Z")).append("{\"a\":\n").append("[1]\n")
                .append(event("ok2", "2026-11-23T10:00:02Z")).append("{\"a\":1} tail\n");
        for (int i = 0; i < EventInputException.REPORTED + 2; i++) {
            text.append("nope\n");
        }
        Files.writeString(file, text);
        List<RecordedEvent> events = new ArrayList<>();
        assertThatThrownBy(() -> EventFiles.of(List.of(file), dir).read(events::add, n -> { }))
                .isInstanceOfSatisfying(EventInputException.class, e -> {
                    assertThat(e.count()).isEqualTo(3 + EventInputException.REPORTED + 2);
                    assertThat(e.problems()).hasSize(EventInputException.REPORTED);
                    assertThat(e.problems()).extracting(p -> p.position().line()).startsWith(2, 3, 5, 6);
                    assertThat(e.problems().get(1).message()).contains("expected an event (a JSON object), found array");
                });
        assertThat(events).extracting(e -> e.source().path("id").asText()).containsExactly("ok1", "ok2");
    }

    @Test
    void whatFollowsAnEventOnItsLineIsAnErrorNotDropped() {
        refused("trail.ndjson", "{\"a\":1}\n{\"@timestamp\":\"2026-11-23T12:00:00Z\",\"a\":1} xx\n",
                new SourcePosition("trail.ndjson", 2, 45), "expected one event per line, found 'xx' after the event");
        refused("two.ndjson", "{\"a\":1} {\"b\":2}\n", new SourcePosition("two.ndjson", 1, 9),
                "a second JSON value after the first (put each event on its own line)");
        refused("saved.json", "{\"took\":1,\n\"hits\":{\"hits\":[]}}\njunk\n", new SourcePosition("saved.json", 3, 1),
                "'junk' after the event");
    }

    @Test
    void aSavedResponseThatHoldsNoEventsIsAnError() {
        refused("a.json", "{\"hits\":{\"hits\":{}}}", new SourcePosition("a.json", 1, 1),
                "expected hits.hits of the saved search response to be an array of hits, found object");
        refused("b.json", "{\"hits\":{\"hits\":[1,2]}}", new SourcePosition("b.json", 1, 1),
                "expected hits.hits[0]._source to be an event object in the saved search response, found number as the hit");
        refused("c.json", "{\"hits\":{\"hits\":[{\"_id\":\"x\"}]}}", new SourcePosition("c.json", 1, 1), "no _source");
        refused("d.json", "{\"error\":{\"type\":\"index_not_found_exception\"},\"status\":404}", new SourcePosition("d.json", 1, 1),
                "found an error response (status 404: index_not_found_exception)");
        refused("e.json", "{\"responses\":[{\"hits\":{\"hits\":[]}}]}", new SourcePosition("e.json", 1, 1), "found an _msearch response");
        refused("g.json", "{\n\"hits\": {\"total\": 3},\n\"host\": {\"name\": \"a\"}\n}\n", new SourcePosition("g.json", 1, 1),
                "found a JSON document over several lines without hits.hits");
        refused("h.json", "{\n\"error\": {\"type\": \"index_not_found_exception\"},\n\"status\": 404\n}\n",
                new SourcePosition("h.json", 1, 1), "found an error response (status 404: index_not_found_exception)");
        refused("i.json", "{\"took\":3,\"timed_out\":false,\"_shards\":{\"total\":1}}", new SourcePosition("i.json", 1, 1),
                "expected hits.hits of the saved search response to be an array of hits, found nothing");
        refused("f.json", "{\"took\":5,\"responses\":[{\"took\":2,\"hits\":{\"hits\":[]}}]}", new SourcePosition("f.json", 1, 1),
                "found an _msearch response");
    }

    @Test
    void eventsThatLookLikeNoResponseStayEvents() throws IOException {
        // an event may have fields named hits, error or status (ECS has error.*): only a response's shape is a response
        assertThat(read("ok.ndjson", ("{\"hits\":3,\"@timestamp\":\"2026-11-23T12:00:00Z\"}\n"
                + "{\"error\":{\"message\":\"x\"},\"status\":404,\"host\":{\"name\":\"a\"}}\n"
                + "{\"hits\":{\"hits\":1},\"user\":{\"name\":\"b\"}}\n"
                + "{\"took\":12,\"hits\":3,\"@timestamp\":\"2026-11-23T12:00:00Z\"}\n"
                + "{\"took\":1,\"responses\":\"none\",\"host\":{\"name\":\"c\"}}\n").getBytes(StandardCharsets.UTF_8))).hasSize(5);
        // a byte-order mark is dropped, as in fixtures; CRLF line ends are fine
        assertThat(read("bom.ndjson", "\uFEFF{\"a\":1}\r\n{\"b\":2}\r\n".getBytes(StandardCharsets.UTF_8)))
                .extracting(e -> e.source().fieldNames().next()).containsExactly("a", "b");
    }

    @Test
    void bytesThatAreNotUtf8AndEmptyGzipFilesAreSaidSo() throws IOException {
        refused("bad.ndjson", new byte[] {'{', '"', 'a', '"', ':', '1', '}', '\n', '{', '"', (byte) 0xFF, '"', ':', '1', '}', '\n'},
                new SourcePosition("bad.ndjson", 2, 3), "expected UTF-8 text, found the byte 0xFF");
        refused("empty.ndjson.gz", new byte[0], SourcePosition.ofFile("empty.ndjson.gz"),
                "cannot read the events file: it ends too early for gzip data (an empty or truncated .gz file)");
        assertThat(read("empty.ndjson", new byte[0])).isEmpty();
    }
}
