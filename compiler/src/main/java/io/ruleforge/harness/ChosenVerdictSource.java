package io.ruleforge.harness;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.evaluate.engine.EngineSettings;
import io.ruleforge.evaluate.engine.EngineVerdicts;
import io.ruleforge.fields.FieldSchema;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What decides a test run's verdicts: the in-process evaluator, or the Elasticsearch at the engine URL (credentials
 * from the environment).
 *
 * @param source   the verdict source
 * @param identity what decides, as recorded results depend on it: the engine's version and its URL without user
 *                 info (never a credential), or the built-in evaluator
 * @param engine   with an engine, its URL as reports show it (scheme, host and port only: the URL as given may carry
 *                 user info)
 */
public record ChosenVerdictSource(VerdictSource source, String identity, Optional<String> engine) {

    public static ChosenVerdictSource of(Optional<URI> engineUrl, FieldSchema indexFields, Map<String, String> environment) {
        return of(engineUrl, EngineSettings.DEFAULT, indexFields, environment);
    }

    /** As above, reaching the engine with {@code settings} (TLS trust, timeouts, retries). */
    public static ChosenVerdictSource of(Optional<URI> engineUrl, EngineSettings settings, FieldSchema indexFields,
                                         Map<String, String> environment) {
        if (engineUrl.isEmpty()) {
            VerdictSource evaluator = new DslEvaluator(indexFields);
            return new ChosenVerdictSource(evaluator, evaluator.description(), Optional.empty());
        }
        URI url = engineUrl.get();
        VerdictSource engine = new EngineVerdicts(
                new EngineClient(EngineConnection.fromEnvironment(url, environment), settings), indexFields);
        String display = EngineConnection.anonymous(url).displayUrl();
        return new ChosenVerdictSource(engine, engine.description() + " " + display + Objects.toString(url.getRawPath(), ""),
                Optional.of(display));
    }

    /** The error of a run whose engine failed: no verdicts at all. */
    public Diagnostic unavailable(EngineException e) {
        return Diagnostic.error(HarnessCodes.ENGINE_UNAVAILABLE, SourcePosition.ofFile(engine.orElse("engine")),
                "fixtures not run: " + e.getMessage());
    }

    /** How many rule names a message lists before it only counts the rest. */
    private static final int NAMES_SHOWN = 20;

    /**
     * The error of a run whose engine failed part way: the rules it had decided (their verdicts are not reported
     * either, as a run's reports are switched in all together) and those it had not.
     */
    public Diagnostic unavailable(EngineException e, List<String> decided, List<String> undecided) {
        return Diagnostic.error(HarnessCodes.ENGINE_UNAVAILABLE, SourcePosition.ofFile(engine.orElse("engine")),
                "fixtures not run, " + e.getMessage() + "; decided before it failed (" + decided.size() + "): "
                        + names(decided) + "; not decided (" + undecided.size() + "): " + names(undecided)
                        + "; no rule's report was written — run again when the cluster is back");
    }

    private static String names(List<String> rules) {
        if (rules.isEmpty()) {
            return "none";
        }
        String shown = String.join(", ", rules.subList(0, Math.min(NAMES_SHOWN, rules.size())));
        return rules.size() > NAMES_SHOWN ? shown + " and " + (rules.size() - NAMES_SHOWN) + " more" : shown;
    }
}
