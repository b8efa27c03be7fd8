package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.esql.Column;
import io.ruleforge.evaluate.esql.EsqlResult;
import io.ruleforge.evaluate.esql.Values;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The alerts of one run of an ES|QL rule with {@code alert_suppression}, as Kibana's ES|QL executor (8.15,
 * {@code rule_types/esql/esql.ts}) writes them, for the alerts model's runs ({@link AlertRuns#runSearched}, or
 * {@link AlertRuns#searched} run by run):
 * <ul>
 *   <li>each result row becomes a hit ({@code syntheticHits}): a non-aggregating query's row is merged over its
 *   source document ({@code fetchSourceDocuments} by {@code _id}, {@code mergeEsqlResultInSource}: a row's column
 *   replaces the source's value of that field); an aggregating query's ({@code STATS}) row stands alone;</li>
 *   <li>{@code wrapSuppressedEsqlAlerts} reads the suppression terms from the hit's fields and source together
 *   ({@code getSuppressionTerms} over {@code {...fields, ..._source}}), so a column wins over the source document;
 *   suppression start and end are the hit's time ({@code getSuppressionAlertFields}: the rule's
 *   {@code timestamp_override}, else — unless the fallback is disabled — {@code @timestamp}), else the alert's own (the
 *   run's moment: an aggregating row without them); the alert {@code _id} comes from the source event when a
 *   non-aggregating query keeps the {@code _id} column (so the same event in a later run is the same alert) or from
 *   the row and its run ({@link #alertSources}). Kibana 8.15's {@code wrapSuppressedEsqlAlerts} does not de-duplicate
 *   the hits by {@code _id} (its unsuppressed {@code wrapEsqlAlerts} does, with {@code uniqBy}): the rows of one event
 *   (after {@code MV_EXPAND}) are several alerts of one id, and in one suppression group one alert with the others
 *   counted as suppressed; in different groups the first is written and the second's create fails (409,
 *   {@link AlertRuns}). Later versions ({@code generateAlertId} with {@code expandedFields}, from
 *   {@code getMvExpandUsage}) add the expanded values to the id and de-duplicate; ruleforge models 8.15;</li>
 *   <li>{@code bulkCreateSuppressedAlertsInMemory} then groups as for the other in-memory types ({@link AlertRuns}),
 *   page by page ({@link #pages}).</li>
 * </ul>
 */
public final class EsqlAlerts {

    /**
     * Whether Kibana's ES|QL request keeps a document: it sends the query with a {@code filter} of the time range and
     * the rule's exception items, negated ({@code buildEsqlSearchRequest} → {@code getQueryFilter}), so a document an
     * item describes never reaches the query. Every document passes for a rule without items.
     */
    public static Predicate<JsonNode> searched(CompiledRule rule) {
        Optional<ObjectNode> filter = rule.filters();
        if (filter.isEmpty()) {
            return document -> true;
        }
        DslEvaluator evaluator = new DslEvaluator(rule.indexFields());
        ObjectNode query = filter.get();
        return document -> evaluator.evaluate(query, document).matched();
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EsqlAlerts() {
    }

    /**
     * A run's alerts before suppression, as the alerts model takes them.
     *
     * @param stream  one document per alert: the source event (non-aggregating) or the row (at the run's moment)
     * @param found   per alert its stream index and the document its suppression terms are read from
     * @param sources per stream entry the index of its source event among those the query ran over; −1 for a row
     *                that stands for no event
     */
    public record Run(List<StreamEvent> stream, List<AlertRuns.Found> found, List<Integer> sources) {
        public Run {
            stream = List.copyOf(stream);
            found = List.copyOf(found);
            sources = List.copyOf(sources);
        }

        /**
         * This run's alerts as a {@link AlertRuns.WindowSearch}, in {@link #pages}. The query already ran, over one
         * window's events at one moment: the search is for that one window and fails when asked for another (a
         * catch-up window, a second run), which would otherwise silently get this window's rows again.
         */
        public AlertRuns.WindowSearch search(int maxSignals) {
            java.util.concurrent.atomic.AtomicReference<AlertRuns.Window> searched = new java.util.concurrent.atomic.AtomicReference<>();
            return new AlertRuns.WindowSearch() {
                @Override
                public List<AlertRuns.Found> search(Instant now, AlertRuns.Window window, List<StreamEvent> events) {
                    if (!searched.compareAndSet(null, window) && !searched.get().equals(window)) {
                        throw new IllegalStateException("the rows of the ES|QL run over " + searched.get()
                                + " were asked for another window, " + window);
                    }
                    return found;
                }

                @Override
                public List<List<AlertRuns.Found>> pages(Instant now, AlertRuns.Window window, List<StreamEvent> events) {
                    return EsqlAlerts.pages(search(now, window, events), maxSignals);
                }
            };
        }
    }

    /** Kibana's {@code ESQL_PAGE_SIZE_CIRCUIT_BREAKER}: the executor asks for at most this many times max_signals rows. */
    public static final int PAGE_LIMIT_MULTIPLIER = 3;

    /**
     * A run's rows (one item per row, in the result's order) in the pages Kibana's ES|QL executor ({@code esql.ts},
     * 8.15+) takes them in: it sends the query with {@code | limit size}, {@code size} = max_signals first, takes the
     * rows past the previous page ({@code .slice(size - maxSignals)}), and asks again with {@code size += maxSignals}
     * only when the response was full ({@code response.values.length < size} ends it), while {@code size <= 3 ×
     * max_signals}. So: consecutive pages of max_signals rows, at most three, rows beyond them never seen. Whether the
     * next page is taken at all is the alerts' decision ({@code alertsWereTruncated}), made by the caller.
     */
    public static <T> List<List<T>> pages(List<T> rows, int maxSignals) {
        int size = Math.max(1, maxSignals);
        List<List<T>> out = new ArrayList<>();
        for (int from = 0; from < rows.size() && out.size() < PAGE_LIMIT_MULTIPLIER; from += size) {
            out.add(java.util.Collections.unmodifiableList(new ArrayList<>(rows.subList(from, Math.min(rows.size(), from + size)))));
        }
        return out;
    }

    /**
     * @param result      the query's result at the run's moment
     * @param aggregating whether the query aggregates ({@code STATS}): its rows stand for no event
     * @param sources     the events the query ran over, in the order the runner indexed them ({@code _id} = position
     *                    from 1); each one's document is what names its alert across runs (by identity)
     * @param now         the run's moment
     * @param time        the rule's time fields: a row without a source event is suppressed at its time there
     */
    public static Run of(EsqlResult result, boolean aggregating, List<StreamEvent> sources, Instant now, RuleTimestamp time) {
        List<StreamEvent> stream = new ArrayList<>();
        List<AlertRuns.Found> found = new ArrayList<>();
        List<Integer> sourceIndexes = new ArrayList<>();
        List<String> ids = alertSources(result, aggregating);
        for (int r = 0; r < result.rows().size(); r++) {
            ObjectNode row = row(result.columns(), result.rows().get(r));
            // _id, _version and _index are taken off the row before it is merged (esql.ts: const { _id, _version, _index, ...esqlResult })
            row.remove(List.of("_id", "_version", "_index"));
            String id = ids.get(r);
            if (id == null) {
                int index = stream.size();
                stream.add(new StreamEvent(index, row, time.time(row).orElse(now), true));
                sourceIndexes.add(-1);
                found.add(new AlertRuns.Found(index, row));
                continue;
            }
            // every row is a hit, also a second row of one event (8.15: no uniqBy); their alerts share the event's id
            int source = Integer.parseInt(id) - 1;
            StreamEvent event = sources.get(source);
            int index = stream.size();
            stream.add(new StreamEvent(index, event.document(), event.timestamp(), true));
            sourceIndexes.add(source);
            found.add(new AlertRuns.Found(index, merged(event.document(), row)));
        }
        return new Run(stream, found, sourceIndexes);
    }

    /**
     * Per result row, the source event its alert is named by, or {@code null} when the alert is named by its run and
     * its place among the rows — Kibana's {@code generateAlertId} (ES|QL, 8.13–8.18): a non-aggregating query's row
     * with an {@code _id} (the query keeps {@code METADATA _id}) is named by that event, so its rows are one alert and
     * a later run's alert of the same event is the same alert, not written again; every other row (after
     * {@code STATS}, or without the {@code _id} column) is a new alert, in every run. Unsuppressed and suppressed
     * runs, the test stage, replay and diff all name a row's alert by this.
     */
    public static List<String> alertSources(EsqlResult result, boolean aggregating) {
        boolean idColumn = !aggregating && result.columns().stream().anyMatch(c -> c.name().equals("_id"));
        List<String> out = new ArrayList<>(result.rows().size());
        for (int r = 0; r < result.rows().size(); r++) {
            out.add(idColumn ? result.rowIds().get(r) : null);
        }
        return out;
    }

    /**
     * The rows whose alerts a run without suppression writes, in order — Kibana's ES|QL executor (8.15) page by page
     * ({@link #pages}): {@code wrapEsqlAlerts} keeps one alert per id ({@code uniqBy}; ids from
     * {@link #alertSources}), {@code bulkCreate} skips an id an earlier page wrote and writes at most what
     * {@code max_signals} leaves, and the loop stops when a page was truncated (max_signals written). So at most
     * max_signals alerts, from the first three pages' rows.
     */
    public static List<Integer> unsuppressedAlertRows(EsqlResult result, boolean aggregating, int maxSignals) {
        List<String> sources = alertSources(result, aggregating);
        List<Integer> rows = new ArrayList<>();
        for (int r = 0; r < sources.size(); r++) {
            rows.add(r);
        }
        java.util.Set<String> written = new java.util.HashSet<>();
        List<Integer> out = new ArrayList<>();
        for (List<Integer> page : pages(rows, maxSignals)) {
            for (int r : page) {
                if (out.size() >= maxSignals) {
                    return out;
                }
                String id = sources.get(r);
                if (id == null || written.add(id)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /**
     * The row's columns over the source document ({@code mergeEsqlResultInSource}): each column's field removed
     * from the source and set as the column's flat key, so the column's value (also {@code null}) is the field's.
     */
    static ObjectNode merged(ObjectNode source, ObjectNode row) {
        ObjectNode out = source.deepCopy();
        row.fields().forEachRemaining(column -> {
            remove(out, column.getKey());
            out.set(column.getKey(), column.getValue());
        });
        return out;
    }

    private static void remove(ObjectNode node, String path) {
        if (node.has(path)) {
            node.remove(path);
            return;
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            if (node.get(path.substring(0, dot)) instanceof ObjectNode child) {
                remove(child, path.substring(dot + 1));
            }
            dot = path.indexOf('.', dot + 1);
        }
    }

    /**
     * A result row as the ES|QL API's JSON gives it (Kibana's {@code rowToDocument}): numbers and booleans as such,
     * dates in ISO 8601, others as text — what an alert of a row holds, suppressed or not.
     */
    public static ObjectNode row(List<Column> columns, List<Object> values) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int c = 0; c < columns.size(); c++) {
            row.set(columns.get(c).name(), value(values.get(c), columns.get(c).type()));
        }
        return row;
    }

    private static JsonNode value(Object v, DataType type) {
        if (v == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (v instanceof List<?> list) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            list.forEach(x -> array.add(value(x, type)));
            return array;
        }
        if (type == DataType.DATETIME && v instanceof Long millis) {
            return JsonNodeFactory.instance.textNode(Values.formatDate(millis));
        }
        if (v instanceof Number || v instanceof Boolean) {
            return JSON.valueToTree(v);
        }
        return JsonNodeFactory.instance.textNode(Values.format(v, type));
    }
}
