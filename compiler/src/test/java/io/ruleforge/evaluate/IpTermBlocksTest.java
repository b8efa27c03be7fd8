package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.net.IpAddresses;
import io.ruleforge.net.IpRanges;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A terms query's addresses and blocks, looked up as Elasticsearch's ip terms query matches them. */
class IpTermBlocksTest {

    private static IpRanges blocks(String... values) {
        return IpValues.termBlocks(Arrays.stream(values).map(v -> (JsonNode) TextNode.valueOf(v)).toList()).orElseThrow();
    }

    private static boolean holds(IpRanges blocks, String address) {
        return blocks.contains(new BigInteger(1, IpAddresses.parse(address).orElseThrow()), 128);
    }

    @Test
    void blockEdgesAreInsideAndTheirNeighboursOutside() {
        IpRanges b = blocks("10.0.0.0/24", "192.168.1.7", "2001:db8::/120");
        assertThat(holds(b, "10.0.0.0")).isTrue();
        assertThat(holds(b, "10.0.0.255")).isTrue();
        assertThat(holds(b, "10.0.1.0")).isFalse();
        assertThat(holds(b, "9.255.255.255")).isFalse();
        assertThat(holds(b, "192.168.1.7")).isTrue();
        assertThat(holds(b, "192.168.1.8")).isFalse();
        assertThat(holds(b, "2001:db8::ff")).isTrue();
        assertThat(holds(b, "2001:db8::100")).isFalse();
        // an IPv4 address and its IPv4-mapped IPv6 form are one value
        assertThat(holds(b, "::ffff:10.0.0.9")).isTrue();
    }

    @Test
    void overlappingAndNestedBlocksMergeWithoutLosingAnAddress() {
        IpRanges b = blocks("10.0.0.0/16", "10.0.5.0/24", "10.1.0.0/16", "10.0.0.7", "10.3.0.0/16");
        assertThat(holds(b, "10.0.255.255")).isTrue();
        assertThat(holds(b, "10.1.0.0")).isTrue();
        assertThat(holds(b, "10.1.255.255")).isTrue();
        assertThat(holds(b, "10.2.0.0")).isFalse();
        assertThat(holds(b, "10.3.128.1")).isTrue();
        assertThat(holds(b, "10.4.0.0")).isFalse();
    }

    @Test
    void aValueThatIsNoAddressLeavesTheQueryToTheEvaluator() {
        assertThat(IpValues.termBlocks(List.of(TextNode.valueOf("10.0.0.0/33")))).isEmpty();
        assertThat(IpValues.termBlocks(List.of(TextNode.valueOf("host-1")))).isEmpty();
        assertThat(IpValues.termBlocks(List.of(JsonNodeFactory.instance.numberNode(7)))).isEmpty();
        assertThat(IpValues.termBlocks(List.of())).hasValueSatisfying(b -> assertThat(holds(b, "10.0.0.1")).isFalse());
    }
}
