package io.ruleforge.esql;

import io.ruleforge.testing.CorpusRules;

import java.util.List;

/** The ES|QL rules of Elastic's detection-rules corpus in the shared folder. */
final class EsqlCorpus {

    /** rules/ and rules_building_block/ together hold 130 ES|QL rules. */
    static final int EXPECTED_RULES = 130;

    private EsqlCorpus() {
    }

    static List<CorpusRules.Rule> load() {
        return CorpusRules.ofLanguage("esql");
    }
}
