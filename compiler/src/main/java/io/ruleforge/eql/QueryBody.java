package io.ruleforge.eql;

import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The three kinds of EQL query (EQL_SPEC §1). */
public sealed interface QueryBody permits EventQuery, QueryBody.Sequence, QueryBody.Sample {

    SourceSpan span();

    /** Every event filter in textual order (for a sequence: positive and missing terms, then {@code until}). */
    List<EventQuery> eventQueries();

    /**
     * {@code sequence [by k…] [with maxspan=…] term term… [until term]}.
     *
     * @param byKeys  the sequence-level join keys, prepended to every term's own keys
     * @param maxspan the time window, if given
     * @param terms   the terms as written ({@code with runs=N} not yet expanded; see {@link #expandedTerms()})
     * @param until   the expiry term, if given
     */
    record Sequence(List<Expression> byKeys, Optional<Maxspan> maxspan, List<SequenceTerm> terms,
                    Optional<SequenceTerm> until, SourceSpan span) implements QueryBody {
        public Sequence {
            byKeys = List.copyOf(byKeys);
            terms = List.copyOf(terms);
        }

        /** The terms with every {@code with runs=N} term repeated N times: the terms the matcher works on. */
        public List<SequenceTerm> expandedTerms() {
            List<SequenceTerm> out = new ArrayList<>();
            for (SequenceTerm t : terms) {
                for (int i = 0; i < t.runs(); i++) {
                    out.add(t);
                }
            }
            return out;
        }

        /** Join keys of a term as the matcher sees them: the sequence-level keys followed by the term's own. */
        public List<Expression> joinKeysOf(SequenceTerm term) {
            List<Expression> keys = new ArrayList<>(byKeys);
            keys.addAll(term.byKeys());
            return keys;
        }

        @Override
        public List<EventQuery> eventQueries() {
            List<EventQuery> out = new ArrayList<>();
            terms.forEach(t -> out.add(t.query()));
            until.ifPresent(t -> out.add(t.query()));
            return out;
        }
    }

    /** {@code sample [by k…] [filter] [by k…] …}. */
    record Sample(List<Expression> byKeys, List<SampleTerm> terms, SourceSpan span) implements QueryBody {
        public Sample {
            byKeys = List.copyOf(byKeys);
            terms = List.copyOf(terms);
        }

        /** Join keys of a term: the sample-level keys followed by the term's own. */
        public List<Expression> joinKeysOf(SampleTerm term) {
            List<Expression> keys = new ArrayList<>(byKeys);
            keys.addAll(term.byKeys());
            return keys;
        }

        @Override
        public List<EventQuery> eventQueries() {
            return terms.stream().map(SampleTerm::query).toList();
        }
    }

    /**
     * One bracketed term of a sequence.
     *
     * @param missing true for a missing-event term {@code ![ … ]}
     * @param runs    {@code with runs=N}, 1 when absent
     */
    record SequenceTerm(EventQuery query, List<Expression> byKeys, int runs, boolean missing, SourceSpan span) {
        public SequenceTerm {
            byKeys = List.copyOf(byKeys);
        }
    }

    record SampleTerm(EventQuery query, List<Expression> byKeys, SourceSpan span) {
        public SampleTerm {
            byKeys = List.copyOf(byKeys);
        }
    }
}
