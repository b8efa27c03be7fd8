package io.ruleforge.harness;

import io.ruleforge.kql.KqlNode;
import io.ruleforge.net.IpBlock;
import io.ruleforge.net.IpRanges;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates negatives (and near-miss positives) from a rule's positives — the ones that fire: moving an event
 * the rule already misses proves nothing — and the IP blocks its query excludes:
 * every positive is moved to the first, middle and last address of each excluded block (the rule must stay
 * quiet), and to the nearest addresses just outside it (the rule must still fire) — the off-by-one boundaries
 * where hand-written CIDR exclusions usually go wrong.
 *
 * <p>Each generated case costs one evaluation of the whole query, which itself tests every excluded block, so a rule
 * with thousands of blocks would cost (positives × blocks) × blocks. The cases are therefore capped per rule, the
 * more blocks the fewer cases ({@link #capFor}; {@link Generated#skipped()} says how many were left out), and "is this
 * neighbour excluded elsewhere" is a binary search over the merged blocks rather than a scan of them.
 */
public final class ExcludedRangeCases {

    /** At most this many generated cases per rule, however few blocks it excludes. */
    public static final int DEFAULT_MAX_CASES = 2_000;

    /**
     * Generated cases × excluded blocks per rule: every case evaluates every block, so this bounds the work. 300,000
     * is a few seconds on a loaded 2-core machine: 100 cases for a rule excluding 3,000 blocks, 2,000 up to 150 blocks.
     */
    public static final int DEFAULT_BLOCK_EVALUATIONS = 300_000;

    private final int maxCases;
    private final int blockEvaluations;

    public ExcludedRangeCases() {
        this(DEFAULT_MAX_CASES, DEFAULT_BLOCK_EVALUATIONS);
    }

    public ExcludedRangeCases(int maxCases, int blockEvaluations) {
        if (maxCases < 0 || blockEvaluations < 0) {
            throw new IllegalArgumentException("the caps must be >= 0, got " + maxCases + " and " + blockEvaluations);
        }
        this.maxCases = maxCases;
        this.blockEvaluations = blockEvaluations;
    }

    /** How many generated cases a rule excluding {@code blocks} IP blocks gets at most: never none. */
    public int capFor(int blocks) {
        return Math.min(maxCases, Math.max(1, blockEvaluations / Math.max(1, blocks)));
    }

    /**
     * The generated cases of one rule.
     *
     * @param cases   the cases to run, at most the cap, in positive order
     * @param skipped how many more the exclusions would have generated beyond the cap
     * @param blocks  how many IP blocks the query excludes
     * @param cap     the most cases a rule excluding that many blocks gets
     */
    public record Generated(List<TestCase> cases, int skipped, int blocks, int cap) {

        public Generated {
            cases = List.copyOf(cases);
        }
    }

    /** The generated cases, capped; see {@link #plan} for how many were skipped. */
    public List<TestCase> generate(KqlNode query, List<FixtureEvent> positives) {
        return plan(query, positives).cases();
    }

    /**
     * Works out every case the exclusions call for; when there are more than the cap, keeps a spread of them: each
     * excluded block once (with the positives taking turns) before any block a second time.
     */
    public Generated plan(KqlNode query, List<FixtureEvent> positives) {
        IpExclusions analysis = IpExclusions.of(query);
        List<IpExclusions.Exclusion> exclusions = analysis.exclusions();
        Map<String, Map<Integer, IpRanges>> excludedByField = excludedByField(exclusions);
        List<Candidate> candidates = new ArrayList<>();
        for (int p = 0; p < positives.size(); p++) {
            for (int x = 0; x < exclusions.size(); x++) {
                IpExclusions.Exclusion exclusion = exclusions.get(x);
                inside(p, x, exclusion.block(), candidates);
                if (analysis.isOnlyExcluded(exclusion.field())) {
                    IpRanges excluded = excludedByField.get(exclusion.field()).get(exclusion.block().bits());
                    outside(p, x, exclusion.block(), excluded, candidates);
                }
            }
        }
        int cap = capFor(exclusions.size());
        List<Candidate> kept = candidates;
        if (candidates.size() > cap) {
            int rounds = positives.size();
            // round r pairs block x with positive (x + r) mod n: round 0 covers every block once
            Comparator<Candidate> spread = Comparator
                    .comparingInt((Candidate c) -> Math.floorMod(c.positive() - c.exclusion(), rounds))
                    .thenComparingInt(Candidate::exclusion);
            kept = new ArrayList<>(candidates.stream().sorted(spread).limit(cap).toList());
            kept.sort(Comparator.comparingInt(Candidate::order));
        }
        List<TestCase> cases = new ArrayList<>(kept.size());
        for (Candidate c : kept) {
            cases.add(c.toCase(positives.get(c.positive()), exclusions.get(c.exclusion())));
        }
        return new Generated(cases, candidates.size() - kept.size(), exclusions.size(), cap);
    }

    /** One generated case before its event is built: cheap, so that skipped cases cost next to nothing. */
    private record Candidate(int order, int positive, int exclusion, BigInteger address, String where, boolean mustFire) {

        TestCase toCase(FixtureEvent positive, IpExclusions.Exclusion exclusion) {
            IpBlock block = exclusion.block();
            String ip = block.format(address);
            String subject = positive.source() + " with " + exclusion.field() + "=" + ip + " ("
                    + (mustFire ? where + " excluded " : where + " address of excluded ") + block.text() + ")";
            return new TestCase(subject, mustFire ? TestCase.Kind.GENERATED_OUTSIDE : TestCase.Kind.GENERATED_EXCLUDED,
                    positive.source(), EventPaths.withValue(positive.event(), exclusion.field(), ip), mustFire);
        }
    }

    /** The excluded addresses of each field, per family (32 or 128 bits), merged for log-time membership. */
    private static Map<String, Map<Integer, IpRanges>> excludedByField(List<IpExclusions.Exclusion> exclusions) {
        Map<String, List<IpBlock>> blocks = new HashMap<>();
        exclusions.forEach(e -> blocks.computeIfAbsent(e.field(), f -> new ArrayList<>()).add(e.block()));
        Map<String, Map<Integer, IpRanges>> out = new HashMap<>();
        blocks.forEach((field, list) -> out.put(field, Map.of(32, IpRanges.of(list, 32), 128, IpRanges.of(list, 128))));
        return out;
    }

    private static void inside(int positive, int exclusion, IpBlock block, List<Candidate> out) {
        Map<BigInteger, String> addresses = new LinkedHashMap<>();
        addresses.putIfAbsent(block.first(), "first");
        addresses.putIfAbsent(block.middle(), "middle");
        addresses.putIfAbsent(block.last(), "last");
        addresses.forEach((address, which) ->
                out.add(new Candidate(out.size(), positive, exclusion, address, which, false)));
    }

    private static void outside(int positive, int exclusion, IpBlock block, IpRanges excluded, List<Candidate> out) {
        neighbour(block.below(), "just below", positive, exclusion, block, excluded, out);
        neighbour(block.above(), "just above", positive, exclusion, block, excluded, out);
    }

    private static void neighbour(Optional<BigInteger> address, String where, int positive, int exclusion,
                                  IpBlock block, IpRanges excluded, List<Candidate> out) {
        // A neighbour inside another excluded block of the same field is not "outside" at all.
        if (address.isEmpty() || excluded.contains(address.get(), block.bits())) {
            return;
        }
        out.add(new Candidate(out.size(), positive, exclusion, address.get(), where, true));
    }
}
