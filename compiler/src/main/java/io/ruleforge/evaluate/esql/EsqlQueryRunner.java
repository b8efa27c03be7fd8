package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.EsqlParseResult;
import io.ruleforge.esql.EsqlParser;
import io.ruleforge.esql.EsqlVersion;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.fields.FieldSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Parses and evaluates one ES|QL query text over given indices: the single path that {@code ruleforge esql}, the
 * csv-spec conformance test and the rule test stage share.
 */
public final class EsqlQueryRunner {

    /** What running a query gave: a result, or the first problem with its offset in the query text. */
    public sealed interface Outcome permits Ran, Refused {
    }

    public record Ran(EsqlQuery query, EsqlResult result) implements Outcome {
    }

    /**
     * The query did not run: a syntax error ({@code syntax}), a query Elasticsearch would refuse, or one ruleforge
     * cannot evaluate ({@code unsupported}).
     *
     * @param offset character offset in the query text
     */
    public record Refused(int offset, String message, boolean syntax, boolean unsupported) implements Outcome {
    }

    private final List<EsqlIndex> indices;
    private final EvaluationContext context;
    private final FullTextSupport fullText;

    /**
     * A runner over fixture events indexed together in one index ({@code fixtures}, {@code _id} = position from 1), as
     * the test stage and the diff run a rule's events and cases.
     */
    public static EsqlQueryRunner overEvents(List<ObjectNode> events, FieldSchema fields, long nowMillis, FullTextSupport fullText) {
        return overEvents(events, fields, nowMillis, fullText, event -> true);
    }

    /**
     * As {@link #overEvents(List, FieldSchema, long, FullTextSupport)}, with only the events {@code searched} keeps
     * (the request filter's), each keeping its {@code _id}: its position among all {@code events}.
     */
    public static EsqlQueryRunner overEvents(List<ObjectNode> events, FieldSchema fields, long nowMillis, FullTextSupport fullText,
                                             Predicate<? super ObjectNode> searched) {
        List<EventIndex.Event> indexed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (searched.test(events.get(i))) {
                indexed.add(new EventIndex.Event(String.valueOf(i + 1), events.get(i)));
            }
        }
        return new EsqlQueryRunner(List.of(EventIndex.of("fixtures", true, indexed, fields)), new EvaluationContext(nowMillis), fullText);
    }

    /**
     * A runner over events read before (replay's runs over overlapping windows), indexed together as
     * {@link #overEvents(List, FieldSchema, long, FullTextSupport)} indexes them, each read only where it was not yet.
     */
    public static EsqlQueryRunner overReadEvents(List<EventIndex.ReadEvent> events, FieldSchema fields, long nowMillis,
                                                 FullTextSupport fullText) {
        return overReadEvents(events, fields, nowMillis, fullText, true);
    }

    /** As {@link #overReadEvents(List, FieldSchema, long, FullTextSupport)}; {@code unmappedFields}: {@link EventIndex#of(String, boolean, List, FieldSchema, boolean)}. */
    public static EsqlQueryRunner overReadEvents(List<EventIndex.ReadEvent> events, FieldSchema fields, long nowMillis,
                                                 FullTextSupport fullText, boolean unmappedFields) {
        List<EventIndex.Event> indexed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            // a row's _id is its position; an event that is no row needs none
            indexed.add(EventIndex.Event.of(events.get(i).rowless() ? null : String.valueOf(i + 1), events.get(i)));
        }
        return new EsqlQueryRunner(List.of(EventIndex.of("fixtures", true, indexed, fields, unmappedFields)),
                new EvaluationContext(nowMillis), fullText);
    }

    /**
     * Whether a query (or any part of one) reads the moment it runs at — {@code NOW()}, or a {@code KQL()} whose query
     * may hold date math ({@code now-1h}), which is decided at the same moment: one that does not gives the same rows
     * over the same events whenever it runs.
     */
    public static boolean readsNow(io.ruleforge.esql.ast.EsqlNode query) {
        java.util.ArrayDeque<io.ruleforge.esql.ast.EsqlNode> pending = new java.util.ArrayDeque<>();
        pending.push(query);
        while (!pending.isEmpty()) {
            io.ruleforge.esql.ast.EsqlNode node = pending.pop();
            if (node instanceof io.ruleforge.esql.ast.Expression.FunctionCall call && (call.name().equalsIgnoreCase("NOW")
                    || call.name().equalsIgnoreCase("KQL") && mayHoldDateMath(call))) {
                return true;
            }
            node.children().forEach(pending::push);
        }
        return false;
    }

    /** A KQL() whose argument is not a string literal without {@code now} in it (in any case) is taken to read it. */
    private static boolean mayHoldDateMath(io.ruleforge.esql.ast.Expression.FunctionCall kql) {
        return kql.arguments().size() != 1 || !(kql.arguments().get(0) instanceof io.ruleforge.esql.ast.Expression.Literal l)
                || !(l.value() instanceof String text) || text.toLowerCase(java.util.Locale.ROOT).contains("now");
    }

    /** Whether the query aggregates ({@code STATS}, not {@code INLINE STATS}): then each result row is one alert. */
    public static boolean aggregates(EsqlQuery query) {
        return query.commands().stream().anyMatch(c -> c instanceof Command.Stats st && !st.inline());
    }

    public EsqlQueryRunner(List<EsqlIndex> indices, EvaluationContext context, FullTextSupport fullText) {
        this.indices = List.copyOf(indices);
        this.context = context;
        this.fullText = fullText;
    }

    public Outcome run(String query, EsqlVersion version) {
        EsqlParseResult parsed = EsqlParser.parse(query, version);
        if (parsed instanceof EsqlParseResult.Failure failure) {
            return new Refused(failure.error().offset(), failure.error().message(), true, false);
        }
        return run(((EsqlParseResult.Success) parsed).query(), query);
    }

    /** Evaluates an already parsed query whose text is {@code text}. */
    public Outcome run(EsqlQuery query, String text) {
        try {
            return new Ran(query, new EsqlEvaluator(indices, context, fullText).evaluate(query, text));
        } catch (EsqlEvaluationException e) {
            return new Refused(e.span().start(), e.getMessage(), false, e.isUnsupported());
        }
    }
}
