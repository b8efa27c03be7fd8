package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.EsqlAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.esql.EsqlQueryRunner;
import io.ruleforge.evaluate.esql.EsqlResult;
import io.ruleforge.evaluate.esql.EventIndex;
import io.ruleforge.evaluate.esql.FullTextSupport;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.harness.EsqlFullText;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * An ES|QL rule's runs: the query over every event of the run's window (Kibana filters the query's indices by the
 * window), {@code NOW()} the run's moment. An aggregating query ({@code STATS}) writes one alert per result row; any
 * other writes one alert per source event among the rows, once (the next run's alert from the same event has the
 * same {@code _id}). At most {@code max_signals} alerts a run: Kibana pages through the rows (a larger
 * {@code LIMIT} each time, at most three pages: {@link EsqlAlerts#pages}) until it has written that many, rows of events already alerted on not counting, so an
 * event a full run left out is written by a later run whose window still holds it; an aggregating row is named by
 * its run, so one a full run left out is lost. Every event of the rule's indices is held for one look-back (a run's
 * result depends on its whole window), but each is read once: its cells are kept ({@link EventIndex.ReadEvent}), and
 * the conditions of the query's leading WHEREs that decide on the event alone are put to it once
 * ({@link #leadingWheres}); one they drop is no row of any run, only a window member that may type a column. With
 * {@code alert_suppression} (Kibana 8.15+) a run's rows go through the test stage's own model ({@link EsqlAlerts},
 * {@link AlertRuns#searched}).
 */
final class EsqlTimeline extends WindowTimeline {

    private final EsqlQuery query;
    private final String text;
    private final boolean aggregates;
    private final FullTextSupport fullText;
    private final FieldSchema fields;
    private final Predicate<JsonNode> searched;
    private long rows;
    /** The runs of a rule with alert suppression (Kibana 8.15+); null without. */
    private final AlertRuns.Executor suppressedRuns;
    /** The alerts of the run being decided, which {@link #suppressedRuns} takes as its search's. */
    private AlertRuns.WindowSearch current;
    /**
     * What the query text names, and the rule's {@code group_by} fields: a row without a source event (no
     * {@code _id} column) has only its columns, so a group field the text never names (kept by {@code KEEP host.*},
     * or by no KEEP at all) must be in the run's index for the row to carry it, as the test stage's full events do.
     */
    private final String names;
    /** Per numbered leaf path ({@link LeafPaths}): 0 not yet decided, else {@link #NAMED} or {@link #NOT_NAMED}. */
    private byte[] named = new byte[0];
    /** The numbering {@link #named} is by. */
    private LeafPaths namedOf;
    /** The numbering of the events handed on without their leaves read for all rules. */
    private final LeafPaths ownNumbering = new LeafPaths();
    private static final byte NAMED = 1;
    private static final byte NOT_NAMED = 2;
    /** Whether the query reads {@code NOW()}; one that does not gives the same rows over the same window. */
    private final boolean readsNow;
    /**
     * The last run's window and result: a run over the very same events (a look-back many intervals long, once new
     * events stop coming) takes that result instead of running the query again.
     */
    private List<Held> lastWindow = List.of();
    private EsqlResult lastResult;
    /**
     * The conditions of the query's leading WHEREs that decide on an event alone, as a query of their own
     * ({@link #leadingWheres(EsqlQuery, FieldSchema)}); null when there is none. Each event goes through them once:
     * one they drop is no row of any run (Elasticsearch pushes such a filter down to Lucene, so that the rest of the
     * query never sees those documents either).
     */
    private final EsqlQuery leadingWheres;
    /** A keyword condition the leading WHEREs require (null: none): an event without its terms fails them. */
    private final RequiredTerms requiredTerms;
    /** The mapped fields the leading WHEREs name: all the index they run over needs (null without them). */
    private final FieldSchema leadingWhereFields;
    /** Whether an event adds a column to the runs' indices (a field the mapping lacks). */
    private final java.util.function.Predicate<EventIndex.ReadEvent> addsColumns;
    /** Events held since the last run, not yet through {@link #leadingWheres}. */
    private final List<Held> arrived = new ArrayList<>();
    /**
     * The held events a run's index reads — its rows, and events that are no row but add a column — in the order
     * held (a part of {@code held}, released with it): a run over a long look-back scans these, not every event held.
     */
    private final java.util.ArrayDeque<Held> contributing = new java.util.ArrayDeque<>();

    EsqlTimeline(ReplayRule.Esql esql, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(esql, schedule, tally, sink);
        this.query = esql.query();
        this.text = esql.rule().rule().document().at("/rule/query").asText("");
        this.aggregates = EsqlQueryRunner.aggregates(query);
        this.readsNow = EsqlQueryRunner.readsNow(query);
        this.fullText = EsqlFullText.forSchema(esql.rule().indexFields());
        this.names = spec.suppression().map(su -> text + "\n" + String.join("\n", su.groupBy())).orElse(text);
        this.fields = namedIn(esql.rule().indexFields(), names);
        this.leadingWheres = leadingWheres(query, fields);
        this.addsColumns = EventIndex.addsColumns(fields);
        this.requiredTerms = leadingWheres == null ? null : requiredTerms(((Command.Where) leadingWheres.commands().get(1)).condition(), fields);
        this.leadingWhereFields = leadingWheres == null ? null : namedIn(fields, conditionText(leadingWheres));
        this.searched = EsqlAlerts.searched(esql.rule());
        this.suppressedRuns = spec.suppression().isPresent() ? AlertRuns.searched(spec, new AlertRuns.WindowSearch() {
            @Override
            public List<AlertRuns.Found> search(Instant now, AlertRuns.Window window, List<io.ruleforge.evaluate.alerts.StreamEvent> stream) {
                return current.search(now, window, stream);
            }

            @Override
            public List<List<AlertRuns.Found>> pages(Instant now, AlertRuns.Window window, List<io.ruleforge.evaluate.alerts.StreamEvent> stream) {
                return current.pages(now, window, stream);
            }
        }) : null;
    }

    /**
     * The mapped fields the query text names (with an alias's target and a multi-field's parent): the index a run
     * builds then has a column per named field and per field the events hold, not one per field of the whole ECS
     * mapping — which made each run cost thousands of columns per event. Fields the query does not name keep their
     * dynamic types, which only changes how a {@code KEEP *} would print them, not which rows the query returns.
     */
    static FieldSchema namedIn(FieldSchema schema, String query) {
        java.util.Map<String, FieldMapping> named = new java.util.TreeMap<>();
        // a name the query holds holds its first segment too: thousands of fields share a few dozen first segments
        // (aws., azure., process.), so most are ruled out by one look-up, not by a search of the query text each
        java.util.Map<String, Boolean> firstSegmentInQuery = new java.util.HashMap<>();
        for (FieldMapping m : schema.fields()) {
            if (m.isContainer() && m.dynamic() != null) {
                named.put(m.name(), m); // its dynamic or enabled decides the fields below it the query names (review27)
            }
            if (!m.isContainer() && firstSegmentInQuery.computeIfAbsent(firstSegment(m.name()), query::contains)
                    && query.contains(m.name())) {
                named.put(m.name(), m);
                if (m.isAlias()) {
                    schema.resolved(m.name()).ifPresent(t -> named.put(t.name(), t));
                }
                int dot = m.name().lastIndexOf('.');
                if (dot > 0) {
                    schema.field(m.name().substring(0, dot)).filter(p -> !p.isContainer()).ifPresent(p -> named.put(p.name(), p));
                }
            }
        }
        schema.field("@timestamp").ifPresent(t -> named.put(t.name(), t));
        FieldSchema narrowed = FieldSchema.of(schema.name() + " (fields the ES|QL query names)", named.values());
        return schema.rootDynamic().map(narrowed::withRootDynamic).orElse(narrowed);
    }

    private static String firstSegment(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    @Override
    void matched(RecordedEvent event, long millis) {
        matched(event, millis, new EventLeaves(event.source(), ownNumbering));
    }

    @Override
    void matched(RecordedEvent event, long millis, EventLeaves leaves) {
        // Kibana's request filter: an event the rule's exception items describe never reaches the query
        if (refusal == null && searched.test(event.source())) {
            Held h = hold(event, millis, leaves.fallsBack(spec.time()));
            if (h != null) {
                h.projected = new EventIndex.ReadEvent(project(leaves));
                arrived.add(h);
            }
        }
    }

    /**
     * The event reduced to the fields the query text names (and the {@code group_by} fields), as flat dotted keys (Elasticsearch reads {@code
     * {"a.b": 1}} as {@code {"a": {"b": 1}}}): what the run's index is built from, so a run costs the fields the query
     * reads, not every field of every event. A field the query does not name cannot change which rows it returns
     * (ES|QL refers to fields by name; a {@code KEEP} pattern only changes the printed columns).
     */
    private ObjectNode project(EventLeaves event) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if (event.numbering() != namedOf) {
            named = new byte[0];
            namedOf = event.numbering();
        }
        int[] ids = event.ids();
        int i = 0;
        for (String path : event.paths()) {
            // a named field's values may sit elsewhere: an alias's at its target, a multi-field's at its parent
            if (named(path, ids[i++])) {
                List<com.fasterxml.jackson.databind.JsonNode> values = event.values(path);
                if (values.size() == 1) {
                    out.set(path, values.get(0));
                } else if (!values.isEmpty()) {
                    out.putArray(path).addAll(values);
                }
            }
        }
        return out;
    }

    /** Whether the query text names the path (or the {@code group_by} does), decided once per numbered path. */
    private boolean named(String path, int id) {
        if (id == LeafPaths.NONE) {
            return isNamed(path);
        }
        if (id >= named.length) {
            named = java.util.Arrays.copyOf(named, Math.max(id + 1, named.length * 2));
        }
        if (named[id] == 0) {
            named[id] = isNamed(path) ? NAMED : NOT_NAMED;
        }
        return named[id] == NAMED;
    }

    private boolean isNamed(String path) {
        return path.equals("@timestamp") || names.contains(path) || fields.field(path).isPresent();
    }

    /**
     * {@code FROM … | WHERE c1 AND c2 …}: the conditions of the query's WHEREs that decide on an event alone, ANDed —
     * each an AND operand of a WHERE reached from FROM through WHERE, EVAL and MV_EXPAND only, that reads only fields
     * {@code fields} maps, none an EVAL before it redefines or an MV_EXPAND expands, and not {@code NOW()}. An event
     * failing one of them is in no row of the query's result. Null when there is none.
     */
    static EsqlQuery leadingWheres(EsqlQuery query, FieldSchema fields) {
        List<Command> commands = query.commands();
        if (commands.isEmpty() || !(commands.get(0) instanceof Command.From)) {
            return null;
        }
        java.util.Set<String> changed = new java.util.HashSet<>();
        List<Expression> ownToEvent = new ArrayList<>();
        for (Command command : commands.subList(1, commands.size())) {
            if (command instanceof Command.Eval eval) {
                eval.fields().forEach(f -> changed.add(f.name()));
            } else if (command instanceof Command.MvExpand expand) {
                changed.add(expand.column().name());
            } else if (command instanceof Command.Where where) {
                for (Expression conjunct : conjuncts(where.condition())) {
                    if (decidesOnTheEventAlone(conjunct, fields, changed)) {
                        ownToEvent.add(conjunct);
                    }
                }
            } else {
                break;
            }
        }
        if (ownToEvent.isEmpty()) {
            return null;
        }
        Expression condition = ownToEvent.stream().reduce((a, b) -> new Expression.Logical(Expression.LogicalOperator.AND, a, b,
                a.span().to(b.span()))).orElseThrow();
        return new EsqlQuery(List.of(commands.get(0), new Command.Where(condition, condition.span())), query.span());
    }

    /** The text of the conditions {@link #leadingWheres} took: what its index needs to map. */
    private static String conditionText(EsqlQuery leading) {
        StringBuilder names = new StringBuilder();
        ((Command.Where) leading.commands().get(1)).condition().forEachDown(Expression.Column.class,
                c -> names.append(c.name()).append('\n'));
        return names.toString();
    }

    /**
     * The most selective condition among the AND operands that compare a plain keyword field with strings
     * ({@code ==}, {@code IN}: case-sensitive, and a multi-valued field is null there, so a row needs the term among
     * the field's values); null when there is none.
     */
    static RequiredTerms requiredTerms(Expression condition, FieldSchema fields) {
        RequiredTerms best = null;
        for (Expression conjunct : conjuncts(condition)) {
            RequiredTerms r = null;
            if (conjunct instanceof Expression.Comparison c && c.operator() == io.ruleforge.ql.ComparisonOperator.EQ) {
                Expression.Column column = c.left() instanceof Expression.Column l ? l : c.right() instanceof Expression.Column rc ? rc : null;
                Expression other = c.left() instanceof Expression.Column ? c.right() : c.left();
                if (column != null && other instanceof Expression.Literal l && l.value() instanceof String term) {
                    r = terms(column, List.of(term), fields);
                }
            } else if (conjunct instanceof Expression.In in && !in.negated() && in.value() instanceof Expression.Column column
                    && in.candidates().stream().allMatch(e -> e instanceof Expression.Literal l && l.value() instanceof String)) {
                r = terms(column, in.candidates().stream().map(e -> (String) ((Expression.Literal) e).value()).toList(), fields);
            }
            if (r != null && (best == null || RequiredTerms.MORE_SELECTIVE.compare(r, best) < 0)) {
                best = r;
            }
        }
        return best;
    }

    private static RequiredTerms terms(Expression.Column column, List<String> terms, FieldSchema fields) {
        return terms.isEmpty() || !RequiredTerms.plainKeyword(fields, column.name()) ? null
                : new RequiredTerms(column.name(), java.util.Set.copyOf(terms), false);
    }

    private static List<Expression> conjuncts(Expression condition) {
        if (condition instanceof Expression.Logical and && and.operator() == Expression.LogicalOperator.AND) {
            List<Expression> all = new ArrayList<>(conjuncts(and.left()));
            all.addAll(conjuncts(and.right()));
            return all;
        }
        return List.of(condition);
    }

    private static boolean decidesOnTheEventAlone(Expression condition, FieldSchema fields, java.util.Set<String> changed) {
        return !EsqlQueryRunner.readsNow(condition) && !condition.anyMatch(e -> e instanceof Expression.Column column
                && (changed.contains(column.name()) || fields.field(column.name()).filter(m -> !m.isContainer()).isEmpty()));
    }

    /** Events the leading WHEREs read at a time: their implicit LIMIT 1000 then cuts no row. */
    private static final int FILTERED_AT_ONCE = io.ruleforge.evaluate.esql.EsqlEvaluator.DEFAULT_LIMIT;

    /**
     * Puts the events held since the last run through the leading WHEREs: one they drop stays in the windows
     * (the columns it adds, and a window it is in still runs the query), as no row. Should the WHEREs alone not
     * run, nothing is dropped: the run itself then says why.
     */
    private void filterArrived(long run) {
        List<Held> undecided = new ArrayList<>(arrived.size());
        for (Held h : arrived) {
            if (requiredTerms == null || requiredTerms.mayHoldAmong(h.projected.values(requiredTerms.field()))) {
                undecided.add(h);
            } else {
                h.projected.withoutRow(); // without a term the WHEREs require: no need to run them
            }
        }
        for (int from = 0; from < undecided.size(); from += FILTERED_AT_ONCE) {
            List<Held> chunk = undecided.subList(from, Math.min(undecided.size(), from + FILTERED_AT_ONCE));
            EsqlQueryRunner.Outcome outcome = EsqlQueryRunner.overReadEvents(chunk.stream().map(h -> h.projected).toList(),
                    leadingWhereFields, schedule.at(run), fullText, false).run(leadingWheres, text); // mapped fields only
            if (!(outcome instanceof EsqlQueryRunner.Ran ran)) {
                break;
            }
            boolean[] kept = new boolean[chunk.size()];
            for (String id : ran.result().rowIds()) {
                kept[Integer.parseInt(id) - 1] = true;
            }
            for (int i = 0; i < chunk.size(); i++) {
                if (!kept[i]) {
                    chunk.get(i).projected.withoutRow();
                }
            }
        }
    }

    @Override
    void decide(long run) {
        if (!arrived.isEmpty()) {
            if (leadingWheres != null) {
                filterArrived(run);
            }
            // an event the leading WHEREs dropped and adding no column changes nothing a run reads: only held
            for (Held h : arrived) {
                if (!h.projected.rowless() || addsColumns.test(h.projected)) {
                    contributing.addLast(h);
                } else {
                    h.projected = null; // only its time is still needed (a window holding it runs): not its fields
                }
            }
            arrived.clear();
        }
        List<Held> window = window(run, contributing);
        if (window.isEmpty() && !holdsAny(run)) {
            return;
        }
        EsqlResult result;
        if (!readsNow && lastResult != null && sameEvents(window, lastWindow)) {
            result = lastResult;
        } else {
            List<EventIndex.ReadEvent> documents = window.stream().map(h -> h.projected).toList();
            EsqlQueryRunner runner = EsqlQueryRunner.overReadEvents(documents, fields, schedule.at(run), fullText);
            EsqlQueryRunner.Outcome outcome = runner.run(query, text);
            if (outcome instanceof EsqlQueryRunner.Refused refused) {
                refusal = (refused.unsupported() ? "ruleforge cannot evaluate this ES|QL query: " : "Elasticsearch would refuse this ES|QL query: ")
                        + refused.message() + " (at character " + (refused.offset() + 1) + " of the query)";
                held.clear();
                contributing.clear();
                return;
            }
            result = ((EsqlQueryRunner.Ran) outcome).result();
            lastWindow = window;
            lastResult = result;
        }
        if (suppressedRuns != null) {
            decideSuppressed(run, window, result);
            return;
        }
        long written = 0;
        long lost = 0;
        boolean full = false;
        List<String> sources = EsqlAlerts.alertSources(result, aggregates);
        // the rows of Kibana's pages: max_signals at a time, at most three pages; the loop below stops writing where
        // a page's bulk create is truncated (max_signals written), so the pages' own stop needs no more
        int read = EsqlAlerts.pages(sources, spec.maxSignals()).stream().mapToInt(List::size).sum();
        for (int r = 0; r < read; r++) {
            String id = sources.get(r);
            Held source = id == null ? null : window.get(Integer.parseInt(id) - 1);
            if (source != null && source.alerted) {
                continue;
            }
            if (written == spec.maxSignals()) {
                full = true;
                if (source != null) {
                    source.leftOut = true; // counted when no later run has written it (released)
                } else {
                    lost++;
                }
                continue;
            }
            written++;
            if (source != null) {
                source.alerted = true;
                alert(source.millis, source.document(), List.of(source.event));
            } else {
                ObjectNode row = EsqlAlerts.row(result.columns(), result.rows().get(r));
                alert(schedule.at(run), row, List.of(new RecordedEvent(row, RecordedEvent.RESULT_ROW, 0, Long.MAX_VALUE - rows++)));
            }
        }
        maxSignalsHits += full ? 1 : 0;
        cappedAlerts += lost;
    }

    /** Whether two windows hold the very same events in the same order (the rows' {@code _id}s are positions). */
    private static boolean sameEvents(List<Held> window, List<Held> previous) {
        if (window.size() != previous.size()) {
            return false;
        }
        for (int i = 0; i < window.size(); i++) {
            if (window.get(i) != previous.get(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A run of a rule with suppression: its rows become alerts as {@link EsqlAlerts} says (a row over its source
     * event, whose full document, not the projection the query ran on, gives the fields the row does not keep) and
     * go through the test stage's own model, {@link AlertRuns#searched}; an alert of an event an earlier run wrote is
     * not written again, an aggregating row is always new.
     */
    private void decideSuppressed(long run, List<Held> window, EsqlResult result) {
        Instant now = runInstant(run);
        EsqlAlerts.Run hits = EsqlAlerts.of(result, aggregates, stream(window), now, spec.time());
        current = hits.search(spec.maxSignals());
        for (Alert a : execute(suppressedRuns, run, hits.stream())) {
            int entry = a.events().get(0);
            int source = hits.sources().get(entry);
            if (source >= 0) {
                Held h = window.get(source);
                alert(h.millis, h.document(), List.of(h.event), a);
            } else {
                ObjectNode row = (ObjectNode) hits.stream().get(entry).document();
                alert(schedule.at(run), row, List.of(new RecordedEvent(row, RecordedEvent.RESULT_ROW, 0, Long.MAX_VALUE - rows++)), a);
            }
        }
    }

    @Override
    void released(Held event) {
        if (event.leftOut && !event.alerted) {
            cappedAlerts++;
        }
        if (contributing.peekFirst() == event) {
            contributing.pollFirst(); // a part of held in the same order: its first is released first
        }
        // a window without this event cannot be the last one: let go of that run's events and rows
        lastWindow = List.of();
        lastResult = null;
    }
}
