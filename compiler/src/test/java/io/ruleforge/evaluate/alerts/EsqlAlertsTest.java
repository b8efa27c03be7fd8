package io.ruleforge.evaluate.alerts;

import io.ruleforge.esql.ast.DataType;
import io.ruleforge.evaluate.esql.Column;
import io.ruleforge.evaluate.esql.EsqlResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The paging and naming of an ES|QL run's rows, reasoned from Kibana's {@code esql.ts} (8.15). */
class EsqlAlertsTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:10:00Z");

    @Test
    void pagesAreMaxSignalsRowsAtMostThreeOfThem() {
        // size = max_signals (2), then 4, then 6: each response sliced past the previous page (.slice(size − 2));
        // size 8 > ESQL_PAGE_SIZE_CIRCUIT_BREAKER (3 × 2) ends the loop, so row 7 is never read
        List<Integer> rows = IntStream.rangeClosed(1, 7).boxed().toList();
        assertThat(EsqlAlerts.pages(rows, 2)).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5, 6));
        // a short response ends the loop after its page (response.values.length < size)
        assertThat(EsqlAlerts.pages(rows.subList(0, 3), 2)).containsExactly(List.of(1, 2), List.of(3));
        assertThat(EsqlAlerts.pages(List.of(), 2)).isEmpty();
    }

    @Test
    void unsuppressedAlertsAreTheFirstRowOfEachIdUpToMaxSignals() {
        // rows of events 1, 1, 2, 3: wrapEsqlAlerts keeps one alert per id (uniqBy), bulkCreate at most max_signals (2)
        List<List<Object>> rows = List.of(List.of("ws-1", "a"), List.of("ws-1", "a"), List.of("ws-2", "b"), List.of("ws-3", "c"));
        EsqlResult result = new EsqlResult(List.of(new Column("host.name", DataType.KEYWORD), new Column("_id", DataType.KEYWORD)), rows,
                List.of("1", "1", "2", "3"), List.of());
        assertThat(EsqlAlerts.unsuppressedAlertRows(result, false, 2)).containsExactly(0, 2);
        assertThat(EsqlAlerts.unsuppressedAlertRows(result, false, 100)).containsExactly(0, 2, 3);
        // after STATS a row names no event: each row is an alert
        assertThat(EsqlAlerts.unsuppressedAlertRows(result, true, 100)).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aRunsSearchIsForItsOneWindow() {
        EsqlResult result = new EsqlResult(List.of(new Column("host.name", DataType.KEYWORD)),
                List.of(List.of("ws-1")), java.util.Arrays.asList((String) null), List.of());
        EsqlAlerts.Run run = EsqlAlerts.of(result, true, List.of(), NOW, RuleTimestamp.DEFAULT);
        AlertRuns.WindowSearch search = run.search(100);
        AlertRuns.Window window = new AlertRuns.Window(NOW.minusSeconds(600), NOW);
        assertThat(search.pages(NOW, window, run.stream())).hasSize(1);
        assertThat(search.search(NOW, window, run.stream())).hasSize(1);
        // the rows were computed over this window's events: another window (a catch-up window) must not get them
        AlertRuns.Window earlier = new AlertRuns.Window(NOW.minusSeconds(1200), NOW.minusSeconds(600));
        assertThatThrownBy(() -> search.search(NOW, earlier, run.stream())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another window");
    }
}
