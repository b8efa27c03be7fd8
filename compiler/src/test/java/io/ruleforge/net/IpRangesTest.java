package io.ruleforge.net;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IpRangesTest {

    private static IpBlock block(String text) {
        return IpBlock.parse(text).orElseThrow();
    }

    private static BigInteger v4(String address) {
        return block(address).first();
    }

    @Test
    void overlappingAndAdjacentBlocksMergeIntoOneInterval() {
        IpRanges ranges = IpRanges.of(List.of(block("10.128.0.0/9"), block("10.0.0.0/9"), block("10.1.0.0/16"),
                block("11.0.0.0"), block("192.168.0.0/16")), 32);
        // 10.0.0.0/9 + 10.128.0.0/9 touch, 10.1.0.0/16 lies inside, 11.0.0.0 follows 10.255.255.255 directly
        assertThat(ranges.intervals()).isEqualTo(2);
        assertThat(ranges.contains(v4("10.127.255.255"), 32)).isTrue();
        assertThat(ranges.contains(v4("11.0.0.0"), 32)).isTrue();
        assertThat(ranges.contains(v4("11.0.0.1"), 32)).isFalse();
        assertThat(ranges.contains(v4("9.255.255.255"), 32)).isFalse();
        assertThat(ranges.contains(v4("192.168.255.255"), 32)).isTrue();
        assertThat(ranges.contains(v4("192.169.0.0"), 32)).isFalse();
    }

    @Test
    void theOtherFamilyIsNeverContained() {
        IpRanges v4 = IpRanges.of(List.of(block("0.0.0.0/0"), block("fe80::/10")), 32);
        assertThat(v4.intervals()).isEqualTo(1);
        assertThat(v4.contains(block("fe80::1").first(), 128)).isFalse();
        assertThat(IpRanges.of(List.of(block("fe80::/10")), 128).contains(block("fe80::1").first(), 128)).isTrue();
    }

    /** Membership in the merged intervals is membership in any block as written, at every edge and in between. */
    @Test
    void mergingDoesNotChangeMembership() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<IpBlock> blocks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // a small address space (10.0.0.0/20) so that blocks overlap, nest and touch often
                int prefix = 22 + random.nextInt(11);
                int offset = random.nextInt(1 << 12);
                blocks.add(block("10.0." + (offset >> 8) + "." + (offset & 0xff) + "/" + prefix));
            }
            IpRanges ranges = IpRanges.of(blocks, 32);
            List<BigInteger> probes = new ArrayList<>();
            for (IpBlock b : blocks) {
                probes.add(b.first());
                probes.add(b.last());
                b.below().ifPresent(probes::add);
                b.above().ifPresent(probes::add);
            }
            for (int i = 0; i < 200; i++) {
                probes.add(v4("10.0.0.0").add(BigInteger.valueOf(random.nextInt(1 << 13))));
            }
            for (BigInteger probe : probes) {
                boolean inAnyBlock = blocks.stream().anyMatch(b -> b.contains(probe, 32));
                assertThat(ranges.contains(probe, 32)).as("%s in %s", probe, blocks).isEqualTo(inAnyBlock);
            }
        }
    }
}
