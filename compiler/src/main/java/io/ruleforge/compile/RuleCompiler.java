package io.ruleforge.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.eqlgen.EqlGenerator;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import io.ruleforge.kql.KqlQuery;
import io.ruleforge.kql.KqlSyntaxError;
import io.ruleforge.rule.Rule;
import io.ruleforge.verify.Finding;
import io.ruleforge.verify.KqlVerifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The compile stage: parses each rule's query with the front end of its language, checks its fields against the
 * index mapping, and translates it with the back ends (Elasticsearch DSL as Kibana sends it, and EQL). Every failure is a diagnostic positioned inside the
 * rule file.
 */
public final class RuleCompiler {

    private final CompilerSettings settings;
    private final DslCompiler dsl;
    private final EqlGenerator eql;
    private final KqlVerifier verifier;
    private final EqlVerifier eqlVerifier;

    public RuleCompiler(CompilerSettings settings) {
        this.settings = settings;
        this.eqlVerifier = new EqlVerifier(settings.indexFields());
        this.verifier = new KqlVerifier(settings.indexFields());
        this.dsl = new DslCompiler(settings.kibanaVersion(), settings.kibanaFields(), settings.dslOptions());
        this.eql = new EqlGenerator(settings.indexFields());
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
        if (rule.language().map("eql"::equals).orElse(false) && rule.query().isPresent()) {
            return compileEql(rule, rule.query().get(), diagnostics);
        }
        if (!rule.isKql() || rule.query().isEmpty()) {
            String language = rule.language().orElse("none");
            if (!language.equals("none")) {
                diagnostics.add(new Diagnostic(CompileCodes.LANGUAGE_NOT_COMPILED, Severity.WARNING,
                        rule.positionOf("/rule/language"),
                        "queries in language \"" + language + "\" are not compiled yet; the rule is bundled as written",
                        "its query is not checked and it has no fixture tests"));
            }
            return Optional.of(CompiledRule.uncompiled(rule));
        }
        String query = rule.query().get();
        KqlParseResult parsed = KqlParser.parse(query, settings.kibanaVersion());
        if (parsed instanceof KqlParseResult.Failure failure) {
            KqlSyntaxError error = failure.error();
            // "end of input" is more useful just after the last character than after trailing newlines.
            int offset = Math.min(error.offset(), query.stripTrailing().length());
            diagnostics.add(Diagnostic.error(CompileCodes.KQL_SYNTAX, rule.queryPosition(offset),
                    "KQL syntax error: " + error.message()));
            return Optional.empty();
        }
        KqlQuery kql = ((KqlParseResult.Success) parsed).query();
        boolean fieldErrors = false;
        for (Finding f : verifier.verify(kql.root())) {
            diagnostics.add(new Diagnostic(f.code(), f.severity(), rule.queryPosition(f.span().start()), f.message(), f.hint()));
            fieldErrors |= f.severity() == Severity.ERROR;
        }
        if (fieldErrors) {
            return Optional.empty();
        }
        ObjectNode translated;
        try {
            translated = dsl.compile(kql.root());
        } catch (DslTranslationException e) {
            diagnostics.add(Diagnostic.error(CompileCodes.DSL_TRANSLATION, rule.queryPosition(e.span().start()),
                    "Kibana " + settings.kibanaVersion().label() + " cannot translate this query: " + e.getMessage()));
            return Optional.empty();
        }
        EqlTranslation eqlTranslation = eql.translate(kql.root());
        if (eqlTranslation instanceof EqlTranslation.NotExpressible not) {
            diagnostics.add(new Diagnostic(CompileCodes.NOT_EXPRESSIBLE_IN_EQL, Severity.INFO,
                    rule.queryPosition(not.span().start()), "no EQL equivalent: " + not.reason(), ""));
        }
        return Optional.of(new CompiledRule(rule, Optional.of(kql), Optional.of(translated), Optional.of(eqlTranslation)));
    }

    /** EQL rules: the project's EQL parser, then the verifier (join keys, functions, field types against the mapping). */
    private Optional<CompiledRule> compileEql(Rule rule, String query, List<Diagnostic> diagnostics) {
        EqlParseResult parsed = EqlParser.parse(query);
        if (parsed instanceof EqlParseResult.Failure failure) {
            int offset = Math.min(failure.error().offset(), query.stripTrailing().length());
            diagnostics.add(Diagnostic.error(CompileCodes.EQL_SYNTAX, rule.queryPosition(offset),
                    "EQL syntax error: " + failure.error().message()));
            return Optional.empty();
        }
        EqlQuery eqlQuery = ((EqlParseResult.Success) parsed).query();
        boolean errors = false;
        for (EqlProblem problem : eqlVerifier.verify(eqlQuery)) {
            boolean error = problem.severity() == EqlProblem.Severity.ERROR;
            String code = problem.code().equals("unknown-field") ? CompileCodes.EQL_FIELD : CompileCodes.EQL_INVALID;
            diagnostics.add(new Diagnostic(code, error ? Severity.ERROR : Severity.WARNING,
                    rule.queryPosition(problem.span().start()), problem.message() + " (" + problem.code() + ")", ""));
            errors |= error;
        }
        return errors ? Optional.empty() : Optional.of(CompiledRule.eqlRule(rule, eqlQuery));
    }
}
