package io.ruleforge.harness;

import io.ruleforge.evaluate.DslEvaluator;

import io.ruleforge.net.IpBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ExcludedRangeCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static KqlNode kql(String query) {
        return ((KqlParseResult.Success) KqlParser.parse(query, KibanaVersion.V8_12)).query().root();
    }

    private static FixtureEvent event(String json) throws Exception {
        return new FixtureEvent("p.ndjson:1", "", (ObjectNode) JSON.readTree(json));
    }

    private static List<String> addresses(List<TestCase> cases, TestCase.Kind kind) {
        return cases.stream().filter(c -> c.kind() == kind)
                .map(c -> c.event().path("destination").path("ip").asText()).toList();
    }

    @Test
    void ipBlocksKnowTheirBoundaries() {
        IpBlock b = IpBlock.parse("172.16.0.0/12").orElseThrow();
        assertThat(b.format(b.first())).isEqualTo("172.16.0.0");
        assertThat(b.format(b.last())).isEqualTo("172.31.255.255");
        assertThat(b.format(b.below().orElseThrow())).isEqualTo("172.15.255.255");
        assertThat(b.format(b.above().orElseThrow())).isEqualTo("172.32.0.0");
        IpBlock v6 = IpBlock.parse("FE80::/10").orElseThrow();
        assertThat(v6.format(v6.first())).isEqualTo("fe80::");
        assertThat(v6.format(v6.last())).isEqualTo("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(IpBlock.parse("0.0.0.0/0").orElseThrow().below()).isEmpty();
        assertThat(IpBlock.parse("10.1.2.3/8").orElseThrow().first()).isEqualTo(BigInteger.valueOf(10L << 24));
        assertThat(IpBlock.parse("cmd.exe")).isEmpty();
        assertThat(IpBlock.parse("10.0.0.0/33")).isEmpty();
        assertThat(IpBlock.parse("999.1.1.1")).isEmpty();
    }

    @Test
    void positivesAreMovedToTheEdgesAndMiddleOfEachExcludedBlockAndJustOutside() throws Exception {
        List<TestCase> cases = new ExcludedRangeCases().generate(
                kql("process.name:cmd.exe and not destination.ip:(10.0.0.0/8 or 169.254.169.254)"),
                List.of(event("{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"8.8.8.8\"}}")));
        assertThat(addresses(cases, TestCase.Kind.GENERATED_EXCLUDED))
                .containsExactly("10.0.0.0", "10.127.255.255", "10.255.255.255", "169.254.169.254");
        assertThat(addresses(cases, TestCase.Kind.GENERATED_OUTSIDE))
                .containsExactly("9.255.255.255", "11.0.0.0", "169.254.169.253", "169.254.169.255");
        assertThat(cases).allSatisfy(c -> assertThat(c.mustFire()).isEqualTo(c.kind() == TestCase.Kind.GENERATED_OUTSIDE));
        assertThat(cases.get(0).name()).isEqualTo("p.ndjson:1 with destination.ip=10.0.0.0 (first address of excluded 10.0.0.0/8) stays quiet");
    }

    @Test
    void neighboursInsideAnotherExcludedBlockAreNotOutside() throws Exception {
        List<TestCase> cases = new ExcludedRangeCases().generate(
                kql("not destination.ip:(10.0.0.0/9 or 10.128.0.0/9)"),
                List.of(event("{\"destination\":{\"ip\":\"8.8.8.8\"}}")));
        assertThat(addresses(cases, TestCase.Kind.GENERATED_OUTSIDE)).containsExactly("9.255.255.255", "11.0.0.0");
    }

    @Test
    void onlyGuaranteedExclusionsAreUsed() throws Exception {
        FixtureEvent positive = event("{\"destination\":{\"ip\":\"8.8.8.8\"},\"a\":\"1\"}");
        // not (a and ip): the block alone does not silence the rule
        assertThat(new ExcludedRangeCases().generate(kql("not (a:1 and destination.ip:10.0.0.0/8)"), List.of(positive))).isEmpty();
        // a block required (not excluded) is no exclusion either
        assertThat(new ExcludedRangeCases().generate(kql("destination.ip:10.0.0.0/8"), List.of(positive))).isEmpty();
    }

    @Test
    void nearMissesAreOnlyGeneratedWhenTheFieldIsTestedNowhereElse() throws Exception {
        List<TestCase> cases = new ExcludedRangeCases().generate(
                kql("destination.ip:8.0.0.0/7 and not destination.ip:10.0.0.0/8"),
                List.of(event("{\"destination\":{\"ip\":\"8.8.8.8\"}}")));
        assertThat(cases).isNotEmpty().allSatisfy(c -> assertThat(c.kind()).isEqualTo(TestCase.Kind.GENERATED_EXCLUDED));
    }

    @Test
    void dottedKeysInTheEventAreKeptDotted() throws Exception {
        List<TestCase> cases = new ExcludedRangeCases().generate(
                kql("not destination.ip:192.168.0.0/16"),
                List.of(event("{\"destination.ip\":\"8.8.8.8\",\"destination\":{\"port\":443}}")));
        assertThat(cases.get(0).event().get("destination.ip").asText()).isEqualTo("192.168.0.0");
        assertThat(cases.get(0).event().path("destination").has("ip")).isFalse();
    }

    /** 50 disjoint /24 blocks, 3 positives: 3 × 50 × (3 inside + 2 outside) = 750 cases before any cap. */
    private static final String FIFTY_BLOCKS = "process.name:cmd.exe and not destination.ip:("
            + IntStream.range(0, 50).mapToObj(i -> "10.0." + (2 * i) + ".0/24").collect(Collectors.joining(" or ")) + ")";

    private static List<FixtureEvent> positives(int n) throws Exception {
        List<FixtureEvent> out = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new FixtureEvent("p.ndjson:" + i, "", (ObjectNode) JSON.readTree(
                    "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"8.8.8." + i + "\"}}")));
        }
        return out;
    }

    @Test
    void generatedCasesAreCappedAndTheSkippedOnesCounted() throws Exception {
        ExcludedRangeCases.Generated all = new ExcludedRangeCases(10_000, 100_000_000).plan(kql(FIFTY_BLOCKS), positives(3));
        assertThat(all.cases()).hasSize(750);
        assertThat(all.skipped()).isZero();

        ExcludedRangeCases.Generated capped = new ExcludedRangeCases(100, 100_000_000).plan(kql(FIFTY_BLOCKS), positives(3));
        assertThat(capped.cases()).hasSize(100);
        assertThat(capped.skipped()).isEqualTo(650);
        // the kept cases are some of the full set, not made-up ones, and the positives take turns across blocks
        assertThat(all.cases().stream().map(TestCase::name).toList())
                .containsAll(capped.cases().stream().map(TestCase::name).toList());
        assertThat(capped.cases().stream().map(TestCase::source).distinct())
                .containsExactlyInAnyOrder("p.ndjson:1", "p.ndjson:2", "p.ndjson:3");
        // 100 cases of 5 per block and positive: 20 blocks, each fully covered
        assertThat(capped.cases().stream().map(c -> c.name().replaceAll(".*excluded ([^)]*)\\).*", "$1")).distinct()).hasSize(20);
    }

    @Test
    void theMoreBlocksAQueryExcludesTheFewerCasesItGets() throws Exception {
        // 50 blocks and 5,000 block evaluations: 100 cases
        ExcludedRangeCases.Generated byBlocks = new ExcludedRangeCases(2_000, 5_000).plan(kql(FIFTY_BLOCKS), positives(3));
        assertThat(byBlocks.cap()).isEqualTo(100);
        assertThat(byBlocks.cases()).hasSize(100);
        assertThat(byBlocks.skipped()).isEqualTo(650);

        ExcludedRangeCases defaults = new ExcludedRangeCases();
        assertThat(defaults.capFor(3)).isEqualTo(2_000);
        assertThat(defaults.capFor(150)).isEqualTo(2_000);
        assertThat(defaults.capFor(1_200)).isEqualTo(250);
        assertThat(defaults.capFor(10_000_000)).isEqualTo(1);
        String query = "not destination.ip:(" + IntStream.range(0, 3_000)
                .mapToObj(i -> (11 + i / 250) + "." + (i % 250) + ".0.0/16").collect(Collectors.joining(" or ")) + ")";
        ExcludedRangeCases.Generated generated = defaults.plan(kql(query), positives(10));
        assertThat(generated.blocks()).isEqualTo(3_000);
        assertThat(generated.cases()).hasSize(100);
        // every block: 3 addresses inside; just below/above only where the neighbour block does not start/end there
        assertThat(generated.cases().size() + generated.skipped()).isGreaterThan(10 * 3_000 * 3);
    }

    /**
     * Blocks that overlap, nest and touch: every generated case must be decided by the compiled query as its kind says
     * (inside: quiet; just outside: fires), so the merged view of the blocks chose the neighbours right.
     */
    @Test
    void mergingOverlappingAndAdjacentBlocksDoesNotChangeVerdicts() throws Exception {
        String query = "process.name:cmd.exe and not destination.ip:(10.0.0.0/9 or 10.128.0.0/9 or 10.1.0.0/16 "
                + "or 11.0.0.0 or 9.255.255.255 or 172.16.0.0/12 or 172.20.0.0/14 or 172.32.0.0/16 or \"fe80::/10\" or \"fec0::/10\")";
        KqlNode root = kql(query);
        List<TestCase> cases = new ExcludedRangeCases().generate(root, positives(2));
        DslEvaluator evaluator = new DslEvaluator(EcsSchemas.defaultSchema());
        var dsl = new DslCompiler(KibanaVersion.V8_12, EcsSchemas.defaultSchema()).compile(root);
        assertThat(cases).isNotEmpty().allSatisfy(c ->
                assertThat(evaluator.evaluate(dsl, c.event()).matched()).as(c.name()).isEqualTo(c.mustFire()));
        // the merged blocks 9.255.255.255–11.0.0.0 and 172.16.0.0–172.32.255.255 only have neighbours at their far ends
        assertThat(addresses(cases, TestCase.Kind.GENERATED_OUTSIDE))
                .contains("9.255.255.254", "11.0.0.1", "172.15.255.255", "172.33.0.0", "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ff00::")
                .doesNotContain("10.128.0.0", "11.0.0.0", "10.127.255.255", "172.32.0.0", "fec0::");
    }
}
