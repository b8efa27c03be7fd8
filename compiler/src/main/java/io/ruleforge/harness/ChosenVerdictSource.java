package io.ruleforge.harness;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.evaluate.engine.EngineVerdicts;
import io.ruleforge.fields.FieldSchema;

import java.net.URI;
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
        if (engineUrl.isEmpty()) {
            VerdictSource evaluator = new DslEvaluator(indexFields);
            return new ChosenVerdictSource(evaluator, evaluator.description(), Optional.empty());
        }
        URI url = engineUrl.get();
        VerdictSource engine = new EngineVerdicts(new EngineClient(EngineConnection.fromEnvironment(url, environment)), indexFields);
        String display = EngineConnection.anonymous(url).displayUrl();
        return new ChosenVerdictSource(engine, engine.description() + " " + display + Objects.toString(url.getRawPath(), ""),
                Optional.of(display));
    }

    /** The error of a run whose engine failed: no verdicts at all. */
    public Diagnostic unavailable(EngineException e) {
        return Diagnostic.error(HarnessCodes.ENGINE_UNAVAILABLE, SourcePosition.ofFile(engine.orElse("engine")),
                "fixtures not run: " + e.getMessage());
    }
}
