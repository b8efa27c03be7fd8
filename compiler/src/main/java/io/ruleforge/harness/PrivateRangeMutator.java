package io.ruleforge.harness;

import io.ruleforge.net.IpBlock;
import io.ruleforge.kql.KqlNode;

import java.math.BigInteger;
import java.util.ArrayList;
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
 */
public final class PrivateRangeMutator {

    public List<TestCase> generate(KqlNode query, List<FixtureEvent> positives) {
        IpExclusions analysis = IpExclusions.of(query);
        List<TestCase> cases = new ArrayList<>();
        for (FixtureEvent positive : positives) {
            for (IpExclusions.Exclusion exclusion : analysis.exclusions()) {
                inside(positive, exclusion, cases);
                if (analysis.isOnlyExcluded(exclusion.field())) {
                    outside(positive, exclusion, analysis, cases);
                }
            }
        }
        return cases;
    }

    private static void inside(FixtureEvent positive, IpExclusions.Exclusion exclusion, List<TestCase> cases) {
        IpBlock block = exclusion.block();
        Map<BigInteger, String> addresses = new LinkedHashMap<>();
        addresses.putIfAbsent(block.first(), "first");
        addresses.putIfAbsent(block.middle(), "middle");
        addresses.putIfAbsent(block.last(), "last");
        addresses.forEach((address, which) -> {
            String ip = block.format(address);
            cases.add(new TestCase(
                    positive.source() + " with " + exclusion.field() + "=" + ip + " (" + which + " address of excluded "
                            + block.text() + ")",
                    TestCase.Kind.GENERATED_EXCLUDED, positive.source(),
                    EventPaths.withValue(positive.event(), exclusion.field(), ip), false));
        });
    }

    private static void outside(FixtureEvent positive, IpExclusions.Exclusion exclusion, IpExclusions analysis,
                                List<TestCase> cases) {
        IpBlock block = exclusion.block();
        neighbour(block.below(), "just below", positive, exclusion, analysis, cases);
        neighbour(block.above(), "just above", positive, exclusion, analysis, cases);
    }

    private static void neighbour(Optional<BigInteger> address, String where, FixtureEvent positive,
                                  IpExclusions.Exclusion exclusion, IpExclusions analysis, List<TestCase> cases) {
        if (address.isEmpty()) {
            return;
        }
        IpBlock block = exclusion.block();
        // A neighbour inside another excluded block of the same field is not "outside" at all.
        boolean excludedElsewhere = analysis.exclusions().stream()
                .anyMatch(other -> other.field().equals(exclusion.field()) && other.block().contains(address.get(), block.bits()));
        if (excludedElsewhere) {
            return;
        }
        String ip = block.format(address.get());
        cases.add(new TestCase(
                positive.source() + " with " + exclusion.field() + "=" + ip + " (" + where + " excluded " + block.text() + ")",
                TestCase.Kind.GENERATED_OUTSIDE, positive.source(),
                EventPaths.withValue(positive.event(), exclusion.field(), ip), true));
    }
}
