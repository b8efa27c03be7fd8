package io.ruleforge.validate;

/** {@code machine_learning} rules: an {@code anomaly_threshold} of 0–100 and one or more job ids. */
final class MachineLearningCheck implements RuleCheck {

    @Override
    public void check(SchemaAssertions f) {
        f.range("/rule/anomaly_threshold", 0, 100);
        String jobs = "/rule/machine_learning_job_id";
        f.nonEmpty(jobs);
        f.size(jobs, 1, Integer.MAX_VALUE, "job ids");
        for (int i = 0; i < f.arraySize(jobs); i++) {
            f.nonEmpty(jobs + "/" + i);
        }
    }
}
