package io.ruleforge.eql;

import io.ruleforge.testing.CorpusRules;

import java.util.List;

/** The EQL rules of Elastic's detection-rules corpus in the shared folder. */
final class EqlCorpus {

    /** rules/ and rules_building_block/ together hold 659 EQL rules. */
    static final int EXPECTED_RULES = 659;

    private EqlCorpus() {
    }

    static List<CorpusRules.Rule> load() {
        return CorpusRules.ofLanguage("eql");
    }
}
