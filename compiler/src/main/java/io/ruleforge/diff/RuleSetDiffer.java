package io.ruleforge.diff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.ruleforge.bundle.KibanaRuleObject;
import io.ruleforge.bundle.VersionLock;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.harness.FixtureEvent;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.harness.cases.CaseFileLoader;
import io.ruleforge.harness.ExcludedRangeCases;
import io.ruleforge.harness.RuleFixtures;
import io.ruleforge.harness.TestCase;
import io.ruleforge.rule.Rule;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The diff stage: compares a head rule set with its base the way a reviewer needs it — which rules were added,
 * removed or changed, and for each changed rule first what it now decides differently on the fixture events
 * (and the boundary events generated from them), then the field changes, the query change at the level of
 * meaning, the DSL/EQL it compiles to, and whether the version was bumped as Kibana requires.
 */
public final class RuleSetDiffer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RuleCompiler compiler;
    private final DslEvaluator evaluator;
    private final FixtureLoader fixtures;
    private final ExcludedRangeCases mutator = new ExcludedRangeCases();
    /** The NOW of ES|QL queries run on fixtures: one instant for both versions. */
    private final Clock clock = Clock.systemUTC();

    public RuleSetDiffer(RuleCompiler compiler, DslEvaluator evaluator, FixtureLoader fixtures) {
        this.compiler = compiler;
        this.evaluator = evaluator;
        this.fixtures = fixtures;
    }

    /**
     * @param headLabel how reports name the head, e.g. {@code the working tree}
     * @param head the head rules, with {@code lock} the version lock beside them: each side's deployed version is
     *             read the same way, from that side's own lock (a rule file's {@code version} only for a rule its
     *             lock does not have), so a rule bumped by {@code lock} and committed is no change
     */
    public DiffReport diff(BaseRuleSet base, String headLabel, List<Rule> head, VersionLock lock) {
        return diff(base, headLabel, head, lock, rule -> Optional.empty());
    }

    /**
     * As {@link #diff(BaseRuleSet, String, List, VersionLock)}; {@code headPath} gives a head rule's file relative to
     * the rules folder, so that a rule whose file moved is named ({@link DiffReport#moved}).
     */
    public DiffReport diff(BaseRuleSet base, String headLabel, List<Rule> head, VersionLock lock,
                           java.util.function.Function<Rule, Optional<String>> headPath) {
        // each side's rules are compiled with that side's exception lists: a changed item changes the rules using it
        RuleCompiler baseCompiler = base.exceptions().map(compiler::withExceptionLists).orElse(compiler);
        Map<String, Rule> before = byId(base.rules());
        Map<String, Rule> after = byId(head);
        List<DiffReport.RuleRef> added = new ArrayList<>();
        List<DiffReport.RuleRef> removed = new ArrayList<>();
        List<RuleChange> changed = new ArrayList<>();
        int unchanged = 0;
        List<DiffReport.RuleMove> moved = new ArrayList<>();
        for (Rule rule : after.values()) {
            Rule old = before.get(rule.ruleId());
            if (old != null) {
                // both files relative to the rules folder, compared whole: the folder may sit anywhere in the repository
                Optional<String> from = base.pathInRulesFolder(old);
                Optional<String> to = headPath.apply(rule);
                if (from.isPresent() && to.isPresent() && !from.get().equals(to.get())) {
                    moved.add(new DiffReport.RuleMove(rule.ruleId(), rule.name(), from.get(), to.get()));
                }
            }
            if (old == null) {
                added.add(ref(rule));
            } else if (!VersionLock.contentHash(old).equals(VersionLock.contentHash(rule))
                    || base.lock().deployedVersion(old) != lock.deployedVersion(rule)
                    || !baseCompiler.exceptionItemsInForce(old).equals(compiler.exceptionItemsInForce(rule))) {
                changed.add(change(old, base.lock(), baseCompiler, rule, lock));
            } else {
                unchanged++;
            }
        }
        before.values().stream().filter(r -> !after.containsKey(r.ruleId())).map(RuleSetDiffer::ref).forEach(removed::add);
        return new DiffReport(base.label(), headLabel, added, removed, changed, unchanged, moved);
    }



    private RuleChange change(Rule old, VersionLock oldLock, RuleCompiler baseCompiler, Rule now, VersionLock lock) {
        Optional<CompiledRule> oldCompiled = baseCompiler.compile(old, new ArrayList<Diagnostic>());
        Optional<CompiledRule> nowCompiled = compiler.compile(now, new ArrayList<Diagnostic>());
        boolean contentChanged = !VersionLock.contentHash(old).equals(VersionLock.contentHash(now));
        RuleChange.VersionCheck version = new RuleChange.VersionCheck(oldLock.deployedVersion(old), lock.deployedVersion(now), contentChanged);

        List<RuleChange.Flip> flips = new ArrayList<>();
        int tested = 0;
        Optional<ObjectNode> oldDsl = oldCompiled.flatMap(CompiledRule::dsl);
        Optional<ObjectNode> nowDsl = nowCompiled.flatMap(CompiledRule::dsl);
        // verdicts are the search's: the query with the rule's filters and exception items, as Kibana sends it
        Optional<ObjectNode> oldSearch = oldCompiled.flatMap(CompiledRule::searchDsl);
        Optional<ObjectNode> nowSearch = nowCompiled.flatMap(CompiledRule::searchDsl);
        if (oldSearch.isPresent() && nowSearch.isPresent()) {
            // each version is decided with the mapping of the indices it searches (a change of index may change it)
            DslEvaluator before = evaluator.forIndexFields(oldCompiled.get().indexFields());
            DslEvaluator after = evaluator.forIndexFields(nowCompiled.get().indexFields());
            for (TestCase event : events(now, oldCompiled.get(), nowCompiled.get())) {
                try {
                    boolean firedBefore = before.evaluate(oldSearch.get(), event.event()).matched();
                    boolean firesNow = after.evaluate(nowSearch.get(), event.event()).matched();
                    tested++;
                    if (firedBefore != firesNow) {
                        flips.add(new RuleChange.Flip(event.subject(), firedBefore, firesNow));
                    }
                } catch (DslEvaluationException e) {
                    // one of the two queries is one Elasticsearch would reject; validation reports it
                }
            }
        }
        if (oldCompiled.flatMap(CompiledRule::esqlSource).isPresent() && nowCompiled.flatMap(CompiledRule::esqlSource).isPresent()) {
            EsqlChanges.Flips esql = EsqlChanges.flips(oldCompiled.get(), nowCompiled.get(), fixtures.load(now.fileStem()).fixtures(),
                    fixtures.folderOf(now.fileStem()).map(folder -> new CaseFileLoader(fixtures.displayBase())
                            .load(folder, true, AlertRuleSpec.of(now).suppression().isPresent()).cases())
                            .orElse(List.of()), clock.millis());
            flips.addAll(esql.flips());
            tested += esql.tested();
        } else if (oldCompiled.isPresent() && nowCompiled.isPresent()) {
            List<AlertCase> cases = fixtures.folderOf(now.fileStem())
                    .map(folder -> new CaseFileLoader(fixtures.displayBase()).load(folder).cases()).orElse(List.of());
            CaseAlertChanges.Result alerts = CaseAlertChanges.of(cases, oldCompiled.get(), nowCompiled.get(), evaluator,
                    fixtures.folderOf(now.fileStem()), fixtures.displayFolderOf(now.fileStem()), compiler.kibanaVersion());
            flips.addAll(alerts.flips());
            tested += alerts.cases();
        }
        List<RuleChange.FieldChange> fields = new ArrayList<>(fieldChanges(old, now));
        List<String> oldItems = baseCompiler.exceptionItemsInForce(old);
        List<String> nowItems = compiler.exceptionItemsInForce(now);
        if (!oldItems.equals(nowItems)) {
            // the lists are saved objects of their own: a changed item needs no new rule version, but it changes alerts
            fields.add(new RuleChange.FieldChange("exception items", exceptionItems(oldItems), exceptionItems(nowItems)));
        }
        return new RuleChange(now.ruleId(), now.name(), now.displayPath(), fields, queryChange(oldCompiled, nowCompiled),
                textDiff(oldDsl.map(RuleSetDiffer::pretty), nowDsl.map(RuleSetDiffer::pretty)),
                textDiff(eql(oldCompiled), eql(nowCompiled)),
                version, flips, tested);
    }

    /** The head's fixture events, and the boundary events generated from the exclusions of both versions. */
    private List<TestCase> events(Rule now, CompiledRule oldCompiled, CompiledRule nowCompiled) {
        RuleFixtures loaded = fixtures.load(now.fileStem()).fixtures();
        Map<String, TestCase> events = new LinkedHashMap<>();
        for (FixtureEvent e : loaded.positives()) {
            events.putIfAbsent(e.label(), new TestCase(e.label(), TestCase.Kind.POSITIVE, e.source(), e.event(), true));
        }
        for (FixtureEvent e : loaded.negatives()) {
            events.putIfAbsent(e.label(), new TestCase(e.label(), TestCase.Kind.NEGATIVE, e.source(), e.event(), false));
        }
        for (CompiledRule version : List.of(nowCompiled, oldCompiled)) {
            version.kql().ifPresent(kql -> mutator.generate(kql.root(), loaded.positives())
                    .forEach(c -> events.putIfAbsent(c.subject(), c)));
        }
        return List.copyOf(events.values());
    }

    private static List<RuleChange.FieldChange> fieldChanges(Rule old, Rule now) {
        ObjectNode a = KibanaRuleObject.of(old);
        ObjectNode b = KibanaRuleObject.of(now);
        TreeSet<String> keys = new TreeSet<>(names(a));
        keys.addAll(names(b));
        keys.remove("query");
        keys.remove("version");
        List<RuleChange.FieldChange> changes = new ArrayList<>();
        for (String key : keys) {
            JsonNode x = a.get(key);
            JsonNode y = b.get(key);
            if (x == null ? y != null : !x.equals(y)) {
                changes.add(new RuleChange.FieldChange(key, compact(x), compact(y)));
            }
        }
        return changes;
    }

    /** The items as compact JSON, each with its name, e.g. {@code "SCCM client" {"item_id":…}}; null for none. */
    private static String exceptionItems(List<String> items) {
        return items.isEmpty() ? null : String.join("; ", items);
    }

    private static RuleChange.QueryChange queryChange(Optional<CompiledRule> old, Optional<CompiledRule> now) {
        String oldText = old.flatMap(c -> c.rule().query()).orElse("");
        String nowText = now.flatMap(c -> c.rule().query()).orElse("");
        if (oldText.equals(nowText)) {
            return RuleChange.QueryChange.none();
        }
        if (old.flatMap(CompiledRule::esqlSource).isPresent() && now.flatMap(CompiledRule::esqlSource).isPresent()) {
            return EsqlChanges.queryChange(old.get().esqlSource().get(), now.get().esqlSource().get());
        }
        if (old.flatMap(CompiledRule::kql).isEmpty() || now.flatMap(CompiledRule::kql).isEmpty()) {
            return new RuleChange.QueryChange(true, true, List.of(), List.of());
        }
        var a = old.get().kql().get().root();
        var b = now.get().kql().get().root();
        boolean meaningChanged = !QueryNormalizer.canonical(a).equals(QueryNormalizer.canonical(b));
        List<String> before = QueryNormalizer.conditions(a);
        List<String> after = QueryNormalizer.conditions(b);
        return new RuleChange.QueryChange(true, meaningChanged,
                after.stream().filter(c -> !before.contains(c)).toList(),
                before.stream().filter(c -> !after.contains(c)).toList());
    }

    /** The EQL a version runs: a KQL rule's translation, an EQL rule's own query (whose change shows nowhere else). */
    private static Optional<String> eql(Optional<CompiledRule> compiled) {
        return compiled.flatMap(c -> c.eqlQuery().or(() -> c.eqlSource().flatMap(q -> c.rule().query())));
    }

    private static List<String> textDiff(Optional<String> before, Optional<String> after) {
        if (before.equals(after) || (before.isEmpty() && after.isEmpty())) {
            return List.of();
        }
        List<String> a = before.map(s -> List.of(s.split("\n"))).orElse(List.of());
        List<String> b = after.map(s -> List.of(s.split("\n"))).orElse(List.of());
        return UnifiedDiffUtils.generateUnifiedDiff("base", "head", a, DiffUtils.diff(a, b), 2);
    }

    private static Map<String, Rule> byId(List<Rule> rules) {
        Map<String, Rule> map = new TreeMap<>();
        rules.forEach(r -> map.putIfAbsent(r.ruleId(), r));
        return map;
    }

    private static DiffReport.RuleRef ref(Rule rule) {
        return new DiffReport.RuleRef(rule.ruleId(), rule.name(), rule.displayPath());
    }

    private static List<String> names(JsonNode node) {
        List<String> list = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(list::add);
        return list;
    }

    private static String compact(JsonNode node) {
        try {
            return node == null ? null : JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pretty(JsonNode node) {
        try {
            return PRETTY.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
