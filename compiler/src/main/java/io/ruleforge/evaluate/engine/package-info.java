/**
 * Verdicts from a real Elasticsearch, for live mode ({@code ruleforge test --engine URL}) and for the tests
 * that compare the in-process evaluator with the engine: {@link io.ruleforge.evaluate.engine.EngineClient}
 * (REST over {@code java.net.http}), {@link io.ruleforge.evaluate.engine.EngineConnection} (URL and credentials
 * from the environment), {@link io.ruleforge.evaluate.engine.EngineSettings} (TLS trust — a CA file or a
 * fingerprint, {@link io.ruleforge.evaluate.engine.EngineTrust} —, timeouts, and the
 * {@link io.ruleforge.evaluate.engine.RetryPolicy} for busy answers and failed connections),
 * {@link io.ruleforge.evaluate.engine.ElasticCloudId}, {@link io.ruleforge.evaluate.engine.IndexMapping} (a {@code FieldSchema} as an index
 * mapping), {@link io.ruleforge.evaluate.engine.EngineIndex} (a temporary index: bulk in, ids out, deleted on
 * close), {@link io.ruleforge.evaluate.engine.NamedClauses} (explanations from {@code matched_queries}) and
 * {@link io.ruleforge.evaluate.engine.EngineVerdicts} (the harness's {@code VerdictSource} over all of them, and its
 * {@code AlertSearch}: threshold and new_terms alerts grouped by the engine's own aggregations,
 * {@link io.ruleforge.evaluate.engine.EngineAlerts}).
 */
package io.ruleforge.evaluate.engine;
