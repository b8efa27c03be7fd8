package io.ruleforge.evaluate.eql;

import io.ruleforge.fields.FieldKind;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.eql.Expression;
import io.ruleforge.eql.Pipe;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.evaluate.CompiledQuery;
import io.ruleforge.evaluate.IndexedEvent;
import io.ruleforge.evaluate.MatcherCompiler;
import io.ruleforge.fields.FieldSchema;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a parsed EQL query over a list of event documents with Elasticsearch 8.x/9.x semantics (EQL_SPEC §2–§5):
 * field types from the schema decide how values compare, events are ordered by timestamp, then tiebreaker (events
 * without one last), then input order.
 *
 * <p>It evaluates what it is given: run {@link io.ruleforge.eql.verify.EqlVerifier} first to learn whether
 * Elasticsearch would accept the query at all. Field-to-field comparisons, which Elasticsearch rejects, are evaluated
 * on single values. Not thread-safe (it caches compiled regular expressions); use one per thread.
 */
public final class EqlEvaluator {

    private final EqlSettings settings;
    private final EventValues values;
    private final ConditionEvaluator conditions;
    private final JoinKeys joinKeys;
    /** The search's filter query, null when it has none. */
    private final CompiledQuery filter;
    /** What {@code now} means in the filter's date math: the moment the search was set up. */
    private final Instant searchedAt;

    public EqlEvaluator(FieldSchema schema) {
        this(schema, EqlSettings.defaults());
    }

    /** A search set up now: {@code now} in its filter's date math is the machine's clock. */
    public EqlEvaluator(FieldSchema schema, EqlSettings settings) {
        this(schema, settings, Clock.systemUTC().instant());
    }

    /**
     * A search set up at {@code searchedAt}, what {@code now} in its filter's date math means (a rule run's moment:
     * Kibana sends the filter with the run, and Elasticsearch resolves {@code now} when it receives it).
     */
    public EqlEvaluator(FieldSchema schema, EqlSettings settings, Instant searchedAt) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.values = new EventValues(Objects.requireNonNull(schema, "schema"));
        this.conditions = new ConditionEvaluator(values);
        this.joinKeys = new JoinKeys(conditions);
        this.searchedAt = Objects.requireNonNull(searchedAt, "searchedAt");
        Clock clock = Clock.fixed(searchedAt, java.time.ZoneOffset.UTC);
        this.filter = settings.filter().map(f -> new MatcherCompiler(schema, clock).compile(f)).orElse(null);
    }

    private EqlEvaluator(EqlEvaluator search, Instant searchedAt) {
        this.settings = search.settings;
        this.values = search.values;
        this.conditions = search.conditions;
        this.joinKeys = search.joinKeys;
        this.filter = search.filter;
        this.searchedAt = Objects.requireNonNull(searchedAt, "searchedAt");
    }

    /**
     * The same search set up at {@code searchedAt} (a later run of the rule): its compiled filter and caches shared,
     * only {@code now} in the filter's date math moved. The compiled filter reads {@code now} from each event it
     * tests, so nothing is compiled again.
     */
    public EqlEvaluator at(Instant searchedAt) {
        return new EqlEvaluator(this, searchedAt);
    }

    /**
     * Why this search cannot decide the query, if it cannot: a field it reads — in a condition, a join key (the
     * {@code until} term's too), or as the timestamp, event category or tiebreaker field — has a normalizer the
     * evaluator does not model. Evaluating gives the same refusal (a {@link io.ruleforge.evaluate.DslEvaluationException});
     * this asks before any event is read.
     */
    public Optional<String> refusal(EqlQuery query) {
        List<Expression> read = new ArrayList<>();
        query.eventQueries().forEach(q -> read.add(q.condition()));
        if (query.body() instanceof QueryBody.Sequence seq) {
            seq.terms().forEach(t -> read.addAll(seq.joinKeysOf(t)));
            seq.until().ifPresent(t -> read.addAll(seq.joinKeysOf(t)));
        } else if (query.body() instanceof QueryBody.Sample sample) {
            sample.terms().forEach(t -> read.addAll(sample.joinKeysOf(t)));
        }
        List<String> fields = new ArrayList<>();
        for (Expression e : read) {
            e.readsField(f -> {
                fields.add(f.path());
                return false;
            });
        }
        fields.add(settings.timestampField());
        fields.add(settings.eventCategoryField());
        if (settings.tiebreakerField() != null) {
            fields.add(settings.tiebreakerField());
        }
        try {
            fields.forEach(values::requireModelled);
            return Optional.empty();
        } catch (io.ruleforge.evaluate.DslEvaluationException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether the search's {@code filter} lets the event through: an event it leaves out is not searched at all. */
    private boolean searched(JsonNode event) {
        return filter == null || filter.matches(new IndexedEvent(event, searchedAt));
    }

    /**
     * The results in Elasticsearch's order: matching events (one per {@link EqlMatch}) for an event query, event
     * groups for sequences and samples; pipes applied, then at most {@link EqlSettings#size()} kept from the end
     * {@link EqlSettings#resultPosition()} names (for samples always the first).
     */
    public List<EqlMatch> evaluate(EqlQuery query, List<JsonNode> allEvents) {
        List<JsonNode> events = filter == null ? allEvents : allEvents.stream().filter(this::searched).toList();
        List<OrderedEvent> ordered = order(events);
        QueryBody body = query.body();
        List<EqlMatch> results;
        if (body instanceof EventQuery eq) {
            results = new ArrayList<>();
            for (OrderedEvent e : ordered) {
                if (matchesSearched(eq, e.document())) {
                    results.add(new EqlMatch(List.of(e.document()), List.of()));
                }
            }
        } else if (body instanceof QueryBody.Sequence seq) {
            results = new SequenceMatcher(seq, (term, doc) -> matchesSearched(term.query(), doc), joinKeys).match(ordered);
        } else {
            QueryBody.Sample sample = (QueryBody.Sample) body;
            results = new SampleMatcher(sample, (term, doc) -> matchesSearched(term.query(), doc), joinKeys,
                    settings.maxSamplesPerKey()).match(events);
        }
        for (Pipe pipe : query.pipes()) {
            results = pipe.kind() == Pipe.Kind.HEAD ? head(results, pipe.count()) : tail(results, pipe.count());
        }
        // samples take no pipes and Elasticsearch keeps their first size whatever result_position says (size2)
        return settings.resultPosition() == EqlSettings.ResultPosition.HEAD || body instanceof QueryBody.Sample
                ? head(results, settings.size()) : tail(results, settings.size());
    }

    /**
     * Whether one event passes an event filter: the search's filter, the category test (a case-sensitive term) and
     * the condition.
     */
    public boolean matches(EventQuery query, JsonNode event) {
        return searched(event) && matchesSearched(query, event);
    }

    /** {@link #matches} for an event the search's filter let through already ({@link #evaluate} filters first). */
    private boolean matchesSearched(EventQuery query, JsonNode event) {
        if (!query.category().isAny()) {
            boolean inCategory = false;
            // a term query on the category field: the name normalized as the field normalizes its values
            Object category = values.searched(settings.eventCategoryField(), query.category().name());
            for (Object v : values.values(event, settings.eventCategoryField())) {
                inCategory |= category.equals(v.toString());
            }
            if (!inCategory) {
                return false;
            }
        }
        return conditions.test(query.condition(), event);
    }

    /**
     * The value of an expression for one event: {@link String}, {@link Long}, {@link Double}, {@link Boolean} or
     * null (first value of a multi-valued field; a condition gives its boolean outcome).
     */
    public Object value(Expression expression, JsonNode event) {
        return conditions.value(expression, event);
    }

    /** The field events are ordered by ({@code timestamp_field}, default {@code @timestamp}). */
    public String timestampField() {
        return settings.timestampField();
    }

    /**
     * The event's timestamp as sequences see it, in epoch milliseconds: empty when the timestamp field is missing
     * or not a date — such an event never takes part in a sequence.
     */
    public Optional<Long> timestampMillis(JsonNode event) {
        List<Object> ts = values.values(event, settings.timestampField());
        return ts.isEmpty() ? Optional.empty() : Optional.ofNullable(Timestamps.millis(ts.get(0)));
    }

    private List<OrderedEvent> order(List<JsonNode> events) {
        record Keyed(JsonNode doc, Long timestamp, Object tiebreaker, int input) {
        }
        List<Keyed> keyed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode doc = events.get(i);
            Long millis = timestampMillis(doc).orElse(null);
            Object tiebreaker = null;
            if (settings.tiebreakerField() != null) {
                List<Object> tb = values.values(doc, settings.tiebreakerField());
                tiebreaker = tb.isEmpty() ? null : tb.get(0);
            }
            keyed.add(new Keyed(doc, millis, tiebreaker, i));
        }
        Comparator<Object> tiebreak = (a, b) -> {
            Integer c = Coercion.compare(FieldKind.UNMAPPED, a, b, false);
            return c == null ? 0 : c;
        };
        keyed.sort(Comparator.comparing(Keyed::timestamp, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Keyed::tiebreaker, Comparator.nullsLast(tiebreak))
                .thenComparingInt(Keyed::input));
        List<OrderedEvent> out = new ArrayList<>();
        for (Keyed k : keyed) {
            out.add(new OrderedEvent(k.doc(), k.timestamp(), out.size()));
        }
        return out;
    }

    private static List<EqlMatch> head(List<EqlMatch> results, int n) {
        return results.size() <= n ? results : List.copyOf(results.subList(0, n));
    }

    /** The last n, still in ascending order. */
    private static List<EqlMatch> tail(List<EqlMatch> results, int n) {
        return results.size() <= n ? results : List.copyOf(results.subList(results.size() - n, results.size()));
    }
}
