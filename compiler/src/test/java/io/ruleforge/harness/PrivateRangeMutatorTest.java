package io.ruleforge.harness;

import io.ruleforge.net.IpBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateRangeMutatorTest {

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
        List<TestCase> cases = new PrivateRangeMutator().generate(
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
        List<TestCase> cases = new PrivateRangeMutator().generate(
                kql("not destination.ip:(10.0.0.0/9 or 10.128.0.0/9)"),
                List.of(event("{\"destination\":{\"ip\":\"8.8.8.8\"}}")));
        assertThat(addresses(cases, TestCase.Kind.GENERATED_OUTSIDE)).containsExactly("9.255.255.255", "11.0.0.0");
    }

    @Test
    void onlyGuaranteedExclusionsAreUsed() throws Exception {
        FixtureEvent positive = event("{\"destination\":{\"ip\":\"8.8.8.8\"},\"a\":\"1\"}");
        // not (a and ip): the block alone does not silence the rule
        assertThat(new PrivateRangeMutator().generate(kql("not (a:1 and destination.ip:10.0.0.0/8)"), List.of(positive))).isEmpty();
        // a block required (not excluded) is no exclusion either
        assertThat(new PrivateRangeMutator().generate(kql("destination.ip:10.0.0.0/8"), List.of(positive))).isEmpty();
    }

    @Test
    void nearMissesAreOnlyGeneratedWhenTheFieldIsTestedNowhereElse() throws Exception {
        List<TestCase> cases = new PrivateRangeMutator().generate(
                kql("destination.ip:8.0.0.0/7 and not destination.ip:10.0.0.0/8"),
                List.of(event("{\"destination\":{\"ip\":\"8.8.8.8\"}}")));
        assertThat(cases).isNotEmpty().allSatisfy(c -> assertThat(c.kind()).isEqualTo(TestCase.Kind.GENERATED_EXCLUDED));
    }

    @Test
    void dottedKeysInTheEventAreKeptDotted() throws Exception {
        List<TestCase> cases = new PrivateRangeMutator().generate(
                kql("not destination.ip:192.168.0.0/16"),
                List.of(event("{\"destination.ip\":\"8.8.8.8\",\"destination\":{\"port\":443}}")));
        assertThat(cases.get(0).event().get("destination.ip").asText()).isEqualTo("192.168.0.0");
        assertThat(cases.get(0).event().path("destination").has("ip")).isFalse();
    }
}
