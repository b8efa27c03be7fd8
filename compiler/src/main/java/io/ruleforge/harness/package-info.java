/**
 * The test harness over the evaluation stage: fixture layout and loading ({@link io.ruleforge.harness.FixtureLoader},
 * {@link io.ruleforge.harness.FixtureLayout}, {@link io.ruleforge.harness.EventFile}), the cases a rule is tested on
 * (written positives and negatives plus {@link io.ruleforge.harness.ExcludedRangeCases}, generated at the edges of
 * the IP blocks a query excludes) and {@link io.ruleforge.harness.RuleTestRunner}, which asks {@code evaluate} (in
 * process, or a live Elasticsearch through {@code evaluate.engine}) for each case's verdict.
 */
package io.ruleforge.harness;
