package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.net.IpRanges;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles query DSL once, for one index's field types, into a {@link CompiledQuery} that decides many events
 * without re-reading the query: bodies are parsed, wildcard patterns and value texts prepared, and each query's
 * {@link RequiredValues} worked out at compile time. The decisions are {@link DslEvaluator}'s (the same
 * {@link FieldValues} operations on the same indexed values); clauses the compiler has no fast form for are
 * decided by the evaluator's own dispatcher, so there is one definition of what Elasticsearch would do.
 *
 * <p>Immutable and thread-safe; one compiler per index mapping lets every rule on that mapping share an event's
 * indexed values ({@link IndexedEvent}).
 */
public final class MatcherCompiler {

    private static final JsonNode EMPTY_EVENT = JsonNodeFactory.instance.objectNode();
    private static final Set<String> KEYWORD_TYPES = Set.of("keyword", "constant_keyword", "wildcard", "version");

    private final FieldSchema schema;
    private final FieldResolver resolver;
    private final FieldLookup lookup;
    private final QueryDispatcher dispatcher;
    private final DslEvaluator explainer;

    public MatcherCompiler(FieldSchema schema, Clock clock) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.resolver = new FieldResolver(schema);
        this.lookup = new FieldLookup(resolver);
        this.dispatcher = new QueryDispatcher(resolver);
        this.explainer = new DslEvaluator(schema, clock);
    }

    public FieldSchema schema() {
        return schema;
    }

    /**
     * @throws DslEvaluationException when Elasticsearch would reject the query whatever the event (checked once,
     *                                here, by the evaluator on an empty event)
     */
    public CompiledQuery compile(JsonNode query) {
        Objects.requireNonNull(query, "query");
        explainer.evaluate(query, EMPTY_EVENT);
        Compiled compiled = clause(query, false);
        return new CompiledQuery(query, compiled.clause(), compiled.required(), this);
    }

    DslEvaluator explainer() {
        return explainer;
    }

    FieldValues values(String field, EvaluationScope event) {
        return lookup.values(field, event);
    }

    private record Compiled(CompiledClause clause, RequiredValues required) {
        static Compiled unconditional(CompiledClause clause) {
            return new Compiled(clause, RequiredValues.NONE);
        }
    }

    /** @param lenient whether the clause is read by a lenient query_string ({@link EvaluationScope#asLenient}) */
    private Compiled clause(JsonNode clause, boolean lenient) {
        Map.Entry<String, JsonNode> entry = clause.fields().next();
        JsonNode body = entry.getValue();
        if (entry.getKey().equals("bool")) {
            return bool(body, lenient);
        }
        if (entry.getKey().equals("query_string")) {
            Optional<ObjectNode> read = luceneQuery(body); // empty for a list of terms, compiled below
            if (read.isPresent()) {
                return clause(read.get(), lenient || LuceneQueryStrings.isLenient(body));
            }
        }
        if (!lenient) {
            return leaf(clause, entry.getKey(), body);
        }
        // a lenient query_string's clause that fails on its field, compiling or at an event, matches nothing
        Compiled leaf;
        try {
            leaf = leaf(clause, entry.getKey(), body);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Compiled.unconditional(CompiledClause.MATCH_NONE);
        }
        CompiledClause strict = leaf.clause();
        return new Compiled(event -> {
            try {
                return strict.test(event);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                return false;
            } catch (DslEvaluationException e) {
                if (e.isNotModelled()) {
                    throw e;
                }
                return false;
            }
        }, leaf.required());
    }

    private Compiled leaf(JsonNode clause, String type, JsonNode body) {
        Compiled fast = switch (type) {
            case "match_all" -> Compiled.unconditional(CompiledClause.MATCH_ALL);
            case "match_none" -> Compiled.unconditional(CompiledClause.MATCH_NONE);
            case "constant_score" -> clause(body.get("filter"), false);
            case "term" -> term(body);
            case "terms" -> terms(body);
            case "range" -> ipRange(body);
            case "match", "match_phrase" -> match(body, type.equals("match_phrase"));
            case "wildcard" -> wildcard(body);
            case "exists" -> exists(body);
            case "query_string" -> queryString(body);
            default -> null;
        };
        return fast != null ? fast : Compiled.unconditional(event -> dispatcher.evaluate(clause, event, "").matched());
    }

    /**
     * A query_string beyond a list of terms (Lucene operators, groups, ranges) as the DSL the evaluator reads it to
     * ({@link LuceneQueryStrings#toDsl}), read once here rather than at every event; empty for a list of terms, for a
     * string the evaluator refuses (it then refuses it at each event, as before) and for one whose reading depends
     * on the event's field types (a term that analyses to nothing, a range bound a text field lower-cases), which
     * the evaluator reads at each event.
     */
    Optional<ObjectNode> luceneQuery(JsonNode body) {
        if (LuceneQueryStrings.isTermList(body)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LuceneQueryStrings.toDsl(body, schemaTextFields()));
        } catch (IllegalArgumentException | DslEvaluationException refused) {
            return Optional.empty();
        }
    }

    /**
     * What the schema alone tells of text fields, for a query_string read once for every event: a mapped field's type,
     * and a pattern whose mapped fields include one that is not text (Elasticsearch then keeps a term that analyses to
     * nothing, whatever the event holds). What only an event tells — an unmapped or dynamic field, a pattern whose
     * mapped fields are all text — leaves the query to be read at each event (review30: an ISO date bound used to).
     */
    private LuceneQueryStrings.TextFields schemaTextFields() {
        return new LuceneQueryStrings.TextFields() {
            @Override
            public boolean allText(Optional<String> field) {
                String pattern = field.orElse("*");
                if (!pattern.contains("*")) {
                    return isText(pattern);
                }
                if (resolver.mappedMatching(pattern).stream().anyMatch(m -> !isTextField(m.name()))) {
                    return false;
                }
                throw LuceneQueryStrings.decidedPerEvent();
            }

            @Override
            public boolean isText(String field) {
                if (isMappedLeaf(field) && schema.flattenedRootOf(field).isEmpty()) {
                    return isTextField(field);
                }
                throw LuceneQueryStrings.decidedPerEvent();
            }
        };
    }

    /** Whether the evaluator decides the mapped field as analysed text: its values are {@link TextValues} ({@link FieldValues#of}). */
    private boolean isTextField(String field) {
        return FieldValues.of(resolver.resolve(field, EMPTY_EVENT, null), java.time.Instant.EPOCH) instanceof TextValues;
    }

    private Compiled bool(JsonNode body, boolean lenient) {
        List<Compiled> required = new ArrayList<>();
        List<Compiled> excluded = new ArrayList<>();
        List<Compiled> optional = new ArrayList<>();
        JsonNode minimumShouldMatchSpec = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<Compiled> into = switch (e.getKey()) {
                case "must", "filter" -> required;
                case "must_not" -> excluded;
                case "should" -> optional;
                default -> null;
            };
            if (e.getKey().equals("minimum_should_match")) {
                minimumShouldMatchSpec = e.getValue();
            }
            if (into != null) {
                for (JsonNode child : e.getValue().isArray() ? e.getValue() : List.of(e.getValue())) {
                    into.add(clause(child, lenient));
                }
            }
        }
        int minimumShouldMatch = MinimumShouldMatch.ofBool(minimumShouldMatchSpec, optional.size(), required.size(), excluded.size());
        if (minimumShouldMatch > optional.size()) {
            return Compiled.unconditional(CompiledClause.MATCH_NONE);
        }
        RequiredValues requiredValues = RequiredValues.NONE;
        for (Compiled c : required) {
            if (!c.required().isNone() && (requiredValues.isNone() || c.required().size() < requiredValues.size())) {
                requiredValues = c.required();
            }
        }
        if (requiredValues.isNone() && minimumShouldMatch >= 1
                && optional.stream().noneMatch(c -> c.required().isNone())) {
            requiredValues = optional.stream().map(Compiled::required).reduce(RequiredValues::or).orElse(RequiredValues.NONE);
        }
        if (required.size() == 1 && excluded.isEmpty() && optional.isEmpty()) {
            return new Compiled(required.get(0).clause(), requiredValues);
        }
        if (required.isEmpty() && excluded.isEmpty() && minimumShouldMatch == 1) {
            List<CompiledClause> any = optional.stream().map(Compiled::clause).toList();
            return new Compiled(any.size() == 1 ? any.get(0) : new CompiledClause.AnyOf(any), requiredValues);
        }
        return new Compiled(new CompiledClause.Bool(clauses(required), clauses(excluded), clauses(optional),
                minimumShouldMatch), requiredValues);
    }

    private static CompiledClause[] clauses(List<Compiled> compiled) {
        return compiled.stream().map(Compiled::clause).toArray(CompiledClause[]::new);
    }

    /** term: {@code {"f": v}} or {@code {"f": {"value": v, "case_insensitive": b}}}. */
    private Compiled term(JsonNode body) {
        Map.Entry<String, JsonNode> f = body.fields().next();
        JsonNode spec = f.getValue();
        JsonNode value = spec;
        boolean caseInsensitive = false;
        if (spec.isObject()) {
            value = spec.get("value");
            caseInsensitive = spec.path("case_insensitive").asBoolean(false);
            if (!onlyKeys(spec, Set.of("value", "case_insensitive", "boost", "_name"))) {
                return null;
            }
        }
        return equality(f.getKey(), value, caseInsensitive);
    }

    /**
     * match/match_phrase in Kibana's short form {@code {"f": v}}: on a keyword field both are one term; on other
     * fields the field's own match/phrase operation decides (not lenient, operator or, as the short form means).
     */
    private Compiled match(JsonNode body, boolean phrase) {
        Map.Entry<String, JsonNode> f = body.fields().next();
        JsonNode value = f.getValue();
        if (value.isContainerNode()) {
            return null;
        }
        String field = f.getKey();
        if (isKeyword(field)) {
            return equality(field, value, false);
        }
        return Compiled.unconditional(phrase
                ? event -> lookup.values(field, event).phrase(value).isPresent()
                : event -> lookup.values(field, event).match(value, false).isPresent());
    }

    private Compiled equality(String field, JsonNode value, boolean caseInsensitive) {
        String written = FieldValues.text(value);
        if (isKeyword(field)) {
            String text = normalizer(field).normalize(written);
            CompiledClause clause = caseInsensitive
                    ? event -> lookup.values(field, event) instanceof KeywordValues k && anyEqualsIgnoreCase(k.terms(), text)
                    : event -> lookup.values(field, event) instanceof KeywordValues k && k.terms().contains(text);
            return new Compiled(clause, caseInsensitive ? RequiredValues.NONE : RequiredValues.of(field, Set.of(text)));
        }
        boolean ci = caseInsensitive;
        return Compiled.unconditional(event -> lookup.values(field, event).term(value, ci).isPresent());
    }

    private static boolean anyEqualsIgnoreCase(List<String> terms, String wanted) {
        for (String t : terms) {
            if (AsciiCase.equalsIgnoreCase(t, wanted)) {
                return true;
            }
        }
        return false;
    }

    private Compiled terms(JsonNode body) {
        if (body.size() != 1 || !body.fields().next().getValue().isArray()) {
            return null;
        }
        Map.Entry<String, JsonNode> f = body.fields().next();
        String field = f.getKey();
        List<JsonNode> values = new ArrayList<>();
        f.getValue().forEach(values::add);
        if (isKeyword(field)) {
            Set<String> texts = new java.util.HashSet<>();
            Normalizer normalizer = normalizer(field);
            values.forEach(v -> texts.add(normalizer.normalize(FieldValues.text(v))));
            return new Compiled(event -> lookup.values(field, event) instanceof KeywordValues k
                    && k.terms().stream().anyMatch(texts::contains), RequiredValues.of(field, texts));
        }
        if (isIp(field)) {
            // parsed once, not per event: a value list's terms query can hold tens of thousands of addresses
            Optional<IpRanges> blocks = IpValues.termBlocks(values);
            if (blocks.isPresent()) {
                IpRanges held = blocks.get();
                return Compiled.unconditional(event -> lookup.values(field, event) instanceof IpValues ip && ip.anyIn(held));
            }
        }
        return Compiled.unconditional(event -> {
            FieldValues v = lookup.values(field, event);
            for (JsonNode value : values) {
                if (v.termInList(value).isPresent()) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * A range on an ip field with address bounds only ({@code gte}, {@code gt}, {@code lte}, {@code lt}), read as the
     * evaluator reads it and its bounds parsed once (an ip_range value list builds one such range per entry).
     * Anything else, or a bound Elasticsearch refuses, is left to the evaluator.
     */
    private Compiled ipRange(JsonNode body) {
        if (body.size() != 1 || !body.fields().next().getValue().isObject()) {
            return null;
        }
        Map.Entry<String, JsonNode> f = body.fields().next();
        JsonNode spec = f.getValue();
        if (!isIp(f.getKey()) || !onlyKeys(spec, Set.of("gte", "gt", "lte", "lt"))) {
            return null;
        }
        Predicate<byte[]> within;
        try {
            // no date math on an ip field: the instant is never read
            within = LeafQueries.rangeBounds(f.getKey(), spec, Instant.EPOCH)
                    .matcher(Arrays::compareUnsigned, (bound, roundUp) -> IpValues.parseBound(bound));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String field = f.getKey();
        return Compiled.unconditional(event -> lookup.values(field, event) instanceof IpValues ip
                && ip.addresses().stream().anyMatch(within));
    }

    private Compiled wildcard(JsonNode body) {
        Map.Entry<String, JsonNode> f = body.fields().next();
        JsonNode spec = f.getValue();
        String pattern = spec.isObject() ? spec.path("value").asText(spec.path("wildcard").asText()) : spec.asText();
        boolean caseInsensitive = spec.path("case_insensitive").asBoolean(false);
        if (spec.isObject() && !onlyKeys(spec, Set.of("value", "wildcard", "case_insensitive", "boost", "_name", "rewrite"))) {
            return null;
        }
        String field = f.getKey();
        return Compiled.unconditional(keywordWildcard(field, pattern, caseInsensitive,
                () -> event -> lookup.values(field, event).wildcard(pattern, caseInsensitive).isPresent()));
    }

    /**
     * On a keyword field a wildcard is matched against a prepared pattern; otherwise (text, a refused type) the
     * field's own operation decides.
     */
    private CompiledClause keywordWildcard(String field, String written, boolean caseInsensitive,
                                           java.util.function.Supplier<CompiledClause> otherwise) {
        if (!isKeyword(field)) {
            return otherwise.get();
        }
        String pattern = normalizer(field).normalize(written); // as KeywordValues#wildcard normalizes it
        KeywordPattern simple = caseInsensitive ? null : KeywordPattern.of(pattern);
        if (simple != null) {
            return event -> lookup.values(field, event) instanceof KeywordValues k && anyMatches(k.terms(), simple);
        }
        WildcardPattern general = WildcardPattern.compile(pattern, caseInsensitive);
        return event -> lookup.values(field, event) instanceof KeywordValues k && k.terms().stream().anyMatch(general::matches);
    }

    private static boolean anyMatches(List<String> terms, KeywordPattern pattern) {
        for (String t : terms) {
            if (pattern.matches(t)) {
                return true;
            }
        }
        return false;
    }

    /** exists on a field the schema maps as a leaf (patterns and object fields expand per event: left to the evaluator). */
    private Compiled exists(JsonNode body) {
        String field = body.path("field").asText();
        if (field.contains("*") || !isMappedLeaf(field)) {
            return null;
        }
        return Compiled.unconditional(event -> lookup.values(field, event).exists());
    }

    /**
     * query_string as Kibana writes a KQL wildcard: one named field, escaped terms, OR between them. Other shapes
     * (all fields, patterns, options) go to the evaluator.
     */
    private Compiled queryString(JsonNode body) {
        if (!onlyKeys(body, Set.of("query", "fields", "analyze_wildcard"))) {
            return null;
        }
        JsonNode fields = body.path("fields");
        if (fields.size() != 1 || fields.get(0).asText().contains("*") || fields.get(0).asText().contains("^")) {
            return null;
        }
        String field = fields.get(0).asText();
        boolean analyzeWildcard = body.path("analyze_wildcard").asBoolean(false);
        List<CompiledClause> terms = new ArrayList<>();
        for (String term : QueryStringSyntax.clauses(body.path("query").asText())) {
            if (term.equals("*")) {
                terms.add(event -> lookup.values(field, event).exists());
            } else if (!QueryStringSyntax.isPlain(term)) {
                terms.add(keywordWildcard(field, term, false,
                        () -> event -> lookup.values(field, event).queryStringTerm(term, analyzeWildcard).isPresent()));
            } else {
                // one term or a run of them, one text for the field's analyzer
                String unescaped = WildcardPattern.unescape(term);
                if (isKeyword(field)) {
                    String text = normalizer(field).normalize(unescaped);
                    terms.add(event -> lookup.values(field, event) instanceof KeywordValues k && k.terms().contains(text));
                } else {
                    TextNode text = TextNode.valueOf(unescaped);
                    terms.add(event -> lookup.values(field, event).match(text, false).isPresent());
                }
            }
        }
        return Compiled.unconditional(terms.isEmpty() ? CompiledClause.MATCH_NONE
                : terms.size() == 1 ? terms.get(0) : new CompiledClause.AnyOf(terms));
    }

    /**
     * Whether the schema fixes the field as a keyword at the root (not inside nested, not flattened): then its
     * values are {@link KeywordValues} in every event and a term compares whole (normalized) values exactly. A
     * normalizer the evaluator does not model leaves the field to the evaluator, which refuses it.
     */
    private boolean isKeyword(String field) {
        ResolvedField resolved = resolver.resolve(field, EMPTY_EVENT, null);
        return KEYWORD_TYPES.contains(resolved.type()) && schema.field(field).isPresent() && resolved.normalizer().isModelled();
    }

    /** Whether the schema fixes the field as an ip at the root (not inside nested): its values are {@link IpValues}. */
    private boolean isIp(String field) {
        return "ip".equals(resolver.resolve(field, EMPTY_EVENT, null).type()) && schema.field(field).isPresent();
    }

    /** The keyword field's normalizer, which a query's values and patterns go through as the indexed values did. */
    private Normalizer normalizer(String field) {
        return resolver.resolve(field, EMPTY_EVENT, null).normalizer();
    }

    private boolean isMappedLeaf(String field) {
        ResolvedField resolved = resolver.resolve(field, EMPTY_EVENT, null);
        return schema.field(field).isPresent() && !resolved.isContainer() && !resolved.type().equals(ResolvedField.UNMAPPED);
    }

    private static boolean onlyKeys(JsonNode object, Set<String> allowed) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            if (!allowed.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    static TextNode text(String s) {
        return TextNode.valueOf(s);
    }
}
