package io.ruleforge.compile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.dsl.ExceptionFilter;
import io.ruleforge.dsl.KibanaFilters;
import io.ruleforge.dsl.LuceneQueryDsl;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.esql.EsqlParseResult;
import io.ruleforge.esql.EsqlParser;
import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.verify.EsqlProblem;
import io.ruleforge.esql.verify.EsqlVerifier;
import io.ruleforge.fields.IndexMappings.RuleFieldTypes;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.fields.IndexTemplate;
import io.ruleforge.fields.ScopedMapping;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlQuery;
import io.ruleforge.kql.KqlSyntaxError;
import io.ruleforge.kql.verify.Finding;
import io.ruleforge.lucene.LuceneParseResult;
import io.ruleforge.lucene.LuceneParser;
import io.ruleforge.rule.ExceptionEntry;
import io.ruleforge.rule.ExceptionItem;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.rule.Rule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The compile stage: parses each rule's query with the front end of its language, checks its fields against the
 * index mapping, and translates it with the back ends (Elasticsearch DSL as Kibana sends it, and EQL). Every failure is a diagnostic positioned inside the
 * rule file.
 */
public final class RuleCompiler {

    private final CompilerSettings settings;
    private final ExceptionLists exceptions;
    private final Instant now;
    // rules are compiled in parallel; the few field-type selections each get their back ends once
    private final Map<RuleFieldTypes, QueryBackEnds> backEnds = Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<RuleFieldTypes, EsqlVerifier> esqlVerifiers = Collections.synchronizedMap(new IdentityHashMap<>());

    /** A compiler for rules whose exception lists all live in Kibana. */
    public RuleCompiler(CompilerSettings settings) {
        this(settings, ExceptionLists.none(), Instant.EPOCH);
    }

    /**
     * @param exceptions the project's exception lists: the items of those a rule names join its filters, as Kibana
     *                   adds them to every search of the rule
     * @param now        the moment the items' {@code expire_time} is compared with
     */
    public RuleCompiler(CompilerSettings settings, ExceptionLists exceptions, Instant now) {
        this.settings = settings;
        this.exceptions = Objects.requireNonNull(exceptions, "exceptions");
        this.now = Objects.requireNonNull(now, "now");
    }

    /** This compiler with other exception lists: a base revision's, whose rules' searches had that revision's items. */
    public RuleCompiler withExceptionLists(ExceptionLists lists) {
        return lists == exceptions ? this : new RuleCompiler(settings, lists, now);
    }

    /**
     * The unexpired items of the rule's exception lists, as their definitions (the item as written, and the values
     * of the value lists it tests that the project keeps, {@link ExceptionLists#definition}): equal for two versions
     * of a rule when Kibana would give both the same items. Items ruleforge does not apply count too: a change to one
     * still changes what Kibana applies.
     */
    public List<String> exceptionItemsInForce(Rule rule) {
        return exceptions.resolve(rule.document().at("/rule/exceptions_list"), now).applied().stream()
                .map(exceptions::definition).toList();
    }

    /** The Kibana release whose behaviour the compiled rules reproduce (later stages decide by it too). */
    public KibanaVersion kibanaVersion() {
        return settings.kibanaVersion();
    }

    private QueryBackEnds backEndsFor(Rule rule) {
        return backEnds.computeIfAbsent(settings.fieldTypes().forIndices(rule.fieldScope()),
                f -> QueryBackEnds.of(settings.kibanaVersion(), settings.dslOptions(), f));
    }

    public CompilationResult compile(List<Rule> rules) {
        List<CompiledRule> compiled = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Rule rule : rules) {
            compile(rule, diagnostics).ifPresent(compiled::add);
        }
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new CompilationResult(compiled, diagnostics);
    }

    /** Empty when the rule has an error; the diagnostics say which. */
    public Optional<CompiledRule> compile(Rule rule, List<Diagnostic> diagnostics) {
        if (rule.language().map("esql"::equals).orElse(false) && rule.query().isPresent()) {
            return compileEsql(rule, rule.query().get(), diagnostics);
        }
        QueryBackEnds backEnds = backEndsFor(rule);
        reportComponentsNotGiven(rule, backEnds.fields(), diagnostics);
        boolean fieldErrors = new RuleFieldCheck(backEnds.fields().indexFields(),
                index -> settings.fieldTypes().forIndices(index).indexFields()).check(rule, diagnostics);
        Optional<CompiledRule> compiled = compileQuery(rule, backEnds, diagnostics);
        return fieldErrors ? Optional.empty() : compiled;
    }

    private Optional<CompiledRule> compileQuery(Rule rule, QueryBackEnds backEnds, List<Diagnostic> diagnostics) {
        boolean lucene = rule.language().map("lucene"::equals).orElse(false);
        if (rule.isKql() || lucene || rule.language().map("eql"::equals).orElse(false)) {
            reportConflicts(rule, backEnds.fields(), diagnostics);
        }
        if (rule.language().map("eql"::equals).orElse(false) && rule.query().isPresent()) {
            return compileEql(rule, rule.query().get(), backEnds, diagnostics);
        }
        if (lucene && rule.query().isPresent()) {
            return compileLucene(rule, rule.query().get(), backEnds, diagnostics);
        }
        if (!rule.isKql() || rule.query().isEmpty()) {
            String language = rule.language().orElse("none");
            if (!language.equals("none")) {
                // information, not a warning: nothing is wrong with the rule, ruleforge just cannot check it
                diagnostics.add(new Diagnostic(CompileCodes.LANGUAGE_NOT_COMPILED, Severity.INFO,
                        rule.positionOf("/rule/language"),
                        "queries in language \"" + language + "\" are not compiled yet; the rule is bundled as written",
                        "its query is not checked and it has no fixture tests"));
            }
            return Optional.of(CompiledRule.uncompiled(rule, backEnds.fields().indexFields()));
        }
        String query = rule.query().get();
        QueryBackEnds.KqlCheck checked = backEnds.checkKql(query);
        if (checked instanceof QueryBackEnds.KqlCheck.SyntaxError syntax) {
            KqlSyntaxError error = syntax.error();
            // "end of input" is more useful just after the last character than after trailing newlines.
            int offset = Math.min(error.offset(), query.stripTrailing().length());
            diagnostics.add(Diagnostic.error(CompileCodes.KQL_SYNTAX, rule.queryPosition(offset),
                    "KQL syntax error: " + error.message()));
            return Optional.empty();
        }
        QueryBackEnds.KqlCheck.Verified verified = (QueryBackEnds.KqlCheck.Verified) checked;
        KqlQuery kql = verified.query();
        for (Finding f : verified.findings()) {
            diagnostics.add(new Diagnostic(f.code(), f.severity(), rule.queryPosition(f.span().start()), f.message(), f.hint()));
        }
        if (verified.rejected()) {
            return Optional.empty();
        }
        ObjectNode translated;
        try {
            translated = backEnds.dsl().compile(kql.root());
        } catch (DslTranslationException e) {
            diagnostics.add(Diagnostic.error(CompileCodes.DSL_TRANSLATION, rule.queryPosition(e.span().start()),
                    "Kibana " + settings.kibanaVersion().label() + " cannot translate this query: " + e.getMessage()));
            return Optional.empty();
        }
        EqlTranslation eqlTranslation = backEnds.eql().translate(kql.root());
        if (eqlTranslation instanceof EqlTranslation.NotExpressible not) {
            diagnostics.add(new Diagnostic(CompileCodes.NOT_EXPRESSIBLE_IN_EQL, Severity.INFO,
                    rule.queryPosition(not.span().start()), "no EQL equivalent: " + not.reason(), ""));
        }
        return Optional.of(withFilters(new CompiledRule(rule, Optional.of(kql), Optional.of(translated), Optional.of(eqlTranslation),
                Optional.empty(), Optional.empty(), backEnds.fields().indexFields(), Optional.empty()), diagnostics));
    }

    /**
     * What the detection engine adds to the rule's query: its enabled Kibana filters and, negated, the items of the
     * exception lists it names that the project keeps ({@link ExceptionFilter}), as one query; empty when none.
     */
    private CompiledRule withFilters(CompiledRule compiled, List<Diagnostic> diagnostics) {
        return withFilters(compiled, compiled.rule().document().at("/rule/filters"), diagnostics);
    }

    /** As {@link #withFilters(CompiledRule, List)}, with {@code ownFilters} as the rule's Kibana filters. */
    private CompiledRule withFilters(CompiledRule compiled, JsonNode ownFilters, List<Diagnostic> diagnostics) {
        Rule rule = compiled.rule();
        ArrayNode all = ownFilters.isArray() ? ((ArrayNode) ownFilters).deepCopy() : JsonNodeFactory.instance.arrayNode();
        Optional<ObjectNode> exceptionFilter = ExceptionFilter.of(applicableItems(rule, diagnostics), exceptions);
        exceptionFilter.ifPresent(all::add);
        return compiled.withFilters(KibanaFilters.enabled(all), exceptionFilter);
    }

    /**
     * The items of the rule's exception lists that ruleforge applies: not those Kibana no longer applies (expired),
     * nor those testing a value list the project does not keep or Kibana does not build into the search
     * ({@link ExceptionLists#whyNotBuilt}). Each left out is reported.
     */
    private List<ExceptionItem> applicableItems(Rule rule, List<Diagnostic> diagnostics) {
        ExceptionLists.Resolution resolution = exceptions.resolve(rule.document().at("/rule/exceptions_list"), now);
        SourcePosition at = rule.positionOf("/rule/exceptions_list");
        for (ExceptionItem item : resolution.expired()) {
            diagnostics.add(new Diagnostic(CompileCodes.EXCEPTION_ITEM_NOT_APPLIED, Severity.WARNING, at,
                    "exception item " + item.label() + " (" + item.position() + ") expired at " + item.expireTime().orElseThrow()
                            + ": Kibana no longer applies it, and the rule's verdicts here are without it too",
                    "renew its expire_time or remove the item"));
        }
        List<ExceptionItem> applied = new ArrayList<>();
        for (ExceptionItem item : resolution.applied()) {
            Optional<ExceptionLists.NotBuilt> notBuilt = exceptions.whyNotBuilt(item,
                    settings.kibanaVersion().atLeast(KibanaVersion.V8_9));
            if (notBuilt.isPresent()) {
                diagnostics.add(new Diagnostic(CompileCodes.EXCEPTION_ITEM_NOT_APPLIED, Severity.WARNING, at,
                        "exception item " + item.label() + " (" + item.position() + ") " + notBuilt.get().reason()
                                + "; the rule's verdicts here are without this item", notBuilt.get().hint()));
            } else {
                applied.add(item);
            }
        }
        return applied;
    }

    /**
     * Indices of one rule typing a field differently: Kibana's data view shows the field as {@code conflict} (so
     * the KQL gets no keyword or date treatment for it) and each index answers with its own mapping, while the
     * fixtures can be evaluated with one mapping only.
     */
    private static void reportConflicts(Rule rule, RuleFieldTypes fields, List<Diagnostic> diagnostics) {
        // Kibana wraps a Lucene query in a query_string unread, so there the conflict is Elasticsearch's, index by index
        String consequence = rule.language().map("lucene"::equals).orElse(false)
                ? "Elasticsearch's query_string reads it in each index by that index's mapping"
                : "Kibana sees a conflict and translates it as an untyped field";
        for (IndexMappings.TypeConflict conflict : fields.conflicts()) {
            diagnostics.add(conflict(rule, conflict.typeBySource(), (bySource, last) -> "the indices of this rule map "
                    + conflict.field() + " differently (" + bySource + "): " + consequence + "; fixtures are evaluated with " + last,
                    "map the field alike in every index the rule searches, or narrow the rule's index patterns"));
        }
        for (IndexMappings.NormalizerConflict conflict : fields.normalizerConflicts()) {
            diagnostics.add(conflict(rule, conflict.normalizerBySource(), (bySource, last) -> "the indices of this rule give "
                    + conflict.field() + " different normalizers (" + bySource + "): each index normalizes its documents"
                    + " and the rule's search by its own, so a value can match in one index and not in another; fixtures"
                    + " are evaluated with " + last,
                    "normalize the field alike in every index the rule searches, or narrow the rule's index patterns"));
        }
    }

    /**
     * An index template that applies to the rule's indices but is composed of component templates no mapping file holds:
     * the fields those give the indices are missing from what the rule is checked and evaluated against.
     */
    private static void reportComponentsNotGiven(Rule rule, RuleFieldTypes fields, List<Diagnostic> diagnostics) {
        for (ScopedMapping mapping : fields.applied()) {
            List<String> missing = mapping.template().map(IndexTemplate::notGiven).orElse(List.of());
            if (missing.isEmpty()) {
                continue;
            }
            String at = rule.index().isEmpty() ? Rule.QUERY_POINTER : "/rule/index";
            diagnostics.add(new Diagnostic(CompileCodes.COMPONENTS_NOT_GIVEN, Severity.WARNING, rule.positionOf(at),
                    "the index template " + mapping.describe() + ", which applies to indices of this rule, is composed of"
                            + " component template" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                            + ", which no mapping file holds: the fields " + (missing.size() == 1 ? "it gives" : "they give")
                            + " those indices are not read, and the rule is checked and evaluated without them",
                    "give " + (missing.size() == 1 ? "it" : "each") + " with --mapping / mappings (GET _component_template"
                            + " output, or its PUT _component_template body in a file named after it: " + missing.get(0) + ".json)"));
        }
    }

    /**
     * The warning at a rule's {@code index} of mappings that disagree on a field: {@code message} is given what each
     * mapping says ({@code keyword in a.json, text in b.json}) and what the last one, which fixtures use, says.
     */
    private static Diagnostic conflict(Rule rule, Map<String, String> bySource, BiFunction<String, String, String> message,
                                       String hint) {
        String listed = bySource.entrySet().stream().map(e -> e.getValue() + " in " + e.getKey()).collect(Collectors.joining(", "));
        String last = bySource.values().stream().reduce((a, b) -> b).orElseThrow();
        return new Diagnostic(CompileCodes.MAPPING_CONFLICT, Severity.WARNING, rule.positionOf("/rule/index"),
                message.apply(listed, last), hint);
    }

    /**
     * Lucene rules: Lucene's classic parser checks the syntax (Kibana does not, Elasticsearch fails the rule's
     * every run), and the DSL is the query_string Kibana wraps the text in.
     */
    private Optional<CompiledRule> compileLucene(Rule rule, String query, QueryBackEnds backEnds, List<Diagnostic> diagnostics) {
        if (LuceneParser.parse(query) instanceof LuceneParseResult.Failure failure) {
            int offset = Math.min(failure.error().offset(), query.stripTrailing().length());
            diagnostics.add(new Diagnostic(CompileCodes.LUCENE_SYNTAX, Severity.ERROR, rule.queryPosition(offset),
                    "Lucene syntax error: " + failure.error().message(),
                    "Elasticsearch's query_string would fail every run of the rule; escape Lucene's special characters"
                            + " (+ - = && || > < ! ( ) { } [ ] ^ \" ~ * ? : \\ /) with a backslash where they are meant literally"));
            return Optional.empty();
        }
        return Optional.of(withFilters(new CompiledRule(rule, Optional.empty(), Optional.of(LuceneQueryDsl.of(query)), Optional.empty(),
                Optional.empty(), Optional.empty(), backEnds.fields().indexFields(), Optional.empty()), diagnostics));
    }

    /** EQL rules: the project's EQL parser, then the verifier (join keys, functions, field types against the mapping). */
    private Optional<CompiledRule> compileEql(Rule rule, String query, QueryBackEnds backEnds, List<Diagnostic> diagnostics) {
        EqlParseResult parsed = EqlParser.parse(query);
        if (parsed instanceof EqlParseResult.Failure failure) {
            int offset = Math.min(failure.error().offset(), query.stripTrailing().length());
            diagnostics.add(Diagnostic.error(CompileCodes.EQL_SYNTAX, rule.queryPosition(offset),
                    "EQL syntax error: " + failure.error().message()));
            return Optional.empty();
        }
        EqlQuery eqlQuery = ((EqlParseResult.Success) parsed).query();
        boolean errors = false;
        for (EqlProblem problem : backEnds.eqlVerifier().verify(eqlQuery)) {
            boolean error = problem.severity() == EqlProblem.Severity.ERROR;
            String code = CompileCodes.ofEqlProblem(problem.code());
            diagnostics.add(new Diagnostic(code, error ? Severity.ERROR : Severity.WARNING,
                    rule.queryPosition(problem.span().start()), problem.message() + " (" + problem.code() + ")", ""));
            errors |= error;
        }
        return errors ? Optional.empty()
                : Optional.of(withFilters(CompiledRule.eqlRule(rule, eqlQuery, backEnds.fields().indexFields(), Optional.empty()), diagnostics));
    }

    /**
     * ES|QL rules: the project's ES|QL parser (the configured 8.19 or 9.x syntax), then the verifier against the
     * mapping of the FROM indices (and of the rule's related integrations, as for every rule), with Kibana's rule
     * requirements. The query is bundled as written: Kibana imports and sends ES|QL rules unchanged.
     */
    private Optional<CompiledRule> compileEsql(Rule rule, String query, List<Diagnostic> diagnostics) {
        EsqlParseResult parsed = EsqlParser.parse(query, settings.esqlVersion());
        if (parsed instanceof EsqlParseResult.Failure failure) {
            int offset = Math.min(failure.error().offset(), query.stripTrailing().length());
            diagnostics.add(Diagnostic.error(EsqlCodes.SYNTAX, rule.queryPosition(offset),
                    (failure.error().unsupported() ? "ES|QL not supported (" : "ES|QL syntax error (")
                            + settings.esqlVersion().label() + "): " + failure.error().message()));
            return Optional.empty();
        }
        EsqlQuery esql = ((EsqlParseResult.Success) parsed).query();
        List<String> scope = new ArrayList<>(rule.fieldScope());
        if (esql.source() instanceof Command.From from) {
            from.indices().forEach(i -> scope.add(i.pattern()));
        }
        RuleFieldTypes fields = settings.fieldTypes().forIndices(scope);
        reportComponentsNotGiven(rule, fields, diagnostics);
        EsqlVerifier verifier = esqlVerifiers.computeIfAbsent(fields,
                f -> new EsqlVerifier(f.indexFields(), settings.kibanaVersion()));
        int maxSignals = rule.ruleTable().path("max_signals").asInt(EsqlCodes.DEFAULT_MAX_SIGNALS);
        boolean errors = false;
        for (EsqlProblem problem : verifier.verify(esql, query, OptionalInt.of(maxSignals))) {
            boolean error = problem.severity() == EsqlProblem.Severity.ERROR;
            Severity severity = error ? Severity.ERROR : problem.severity() == EsqlProblem.Severity.INFO ? Severity.INFO : Severity.WARNING;
            diagnostics.add(new Diagnostic(EsqlCodes.of(problem.kind()), severity,
                    rule.queryPosition(problem.span().start()), problem.message() + " (" + problem.kind() + ")",
                    EsqlCodes.hint(problem.kind())));
            errors |= error;
        }
        if (errors) {
            return Optional.empty();
        }
        // Kibana's ES|QL request filters the documents the query reads by the exception items (the rule's own
        // filters are no ES|QL rule setting)
        return Optional.of(withFilters(CompiledRule.esqlRule(rule, esql, fields.indexFields()), MissingNode.getInstance(), diagnostics));
    }
}
