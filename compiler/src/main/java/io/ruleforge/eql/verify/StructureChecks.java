package io.ruleforge.eql.verify;

import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.QueryBody;

import java.util.ArrayList;
import java.util.List;

/** Checks on the shape of sequences and samples that Elasticsearch makes after parsing (EQL_SPEC §1). */
final class StructureChecks {

    /** Elasticsearch's limit on the filters of a sample. */
    static final int MAX_SAMPLE_FILTERS = 5;

    private final ProblemCollector problems;

    StructureChecks(ProblemCollector problems) {
        this.problems = problems;
    }

    void check(EqlQuery query) {
        if (query.body() instanceof QueryBody.Sequence seq) {
            sequence(seq);
        } else if (query.body() instanceof QueryBody.Sample sample) {
            sample(sample);
        }
    }

    private void sequence(QueryBody.Sequence seq) {
        List<QueryBody.SequenceTerm> all = new ArrayList<>(seq.terms());
        seq.until().ifPresent(all::add);
        int expected = seq.joinKeysOf(all.get(0)).size();
        for (QueryBody.SequenceTerm t : all) {
            int found = seq.joinKeysOf(t).size();
            if (found != expected) {
                problems.error("inconsistent-join-keys", "Inconsistent number of join keys specified; expected ["
                        + expected + "] but found [" + found + "]", t.span());
            }
        }
        boolean anyMissing = seq.terms().stream().anyMatch(QueryBody.SequenceTerm::missing);
        if (anyMissing && seq.maxspan().isEmpty()) {
            problems.error("missing-event-needs-maxspan",
                    "a sequence with missing-event terms ![...] needs with maxspan=...", seq.span());
        }
        if (seq.terms().stream().allMatch(QueryBody.SequenceTerm::missing)) {
            problems.error("missing-event-needs-positive-term",
                    "a sequence needs at least one term that is not a missing-event term", seq.span());
        }
    }

    private void sample(QueryBody.Sample sample) {
        int expected = sample.joinKeysOf(sample.terms().get(0)).size();
        if (expected == 0 && sample.terms().stream().allMatch(t -> sample.joinKeysOf(t).isEmpty())) {
            problems.error("sample-needs-join-key", "a sample needs at least one join key (sample by ... or per filter)",
                    sample.span());
        }
        for (QueryBody.SampleTerm t : sample.terms()) {
            int found = sample.joinKeysOf(t).size();
            if (found != expected) {
                problems.error("inconsistent-join-keys", "Inconsistent number of join keys specified; expected ["
                        + expected + "] but found [" + found + "]", t.span());
            }
        }
        if (sample.terms().size() > MAX_SAMPLE_FILTERS) {
            problems.error("sample-too-many-filters", "a sample accepts at most " + MAX_SAMPLE_FILTERS + " filters, found "
                    + sample.terms().size(), sample.span());
        }
    }
}
