package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.net.IpAddresses;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The values of a {@code terms} query on an ip field — addresses and CIDR blocks — as sorted, disjoint ranges of
 * 16-byte addresses, so that an event's address is looked up in logarithmic time: a value list of tens of thousands
 * of addresses (an exception item's) is one such query, asked of every event a replay reads.
 */
final class IpBlocks {

    private final byte[][] lows;
    private final byte[][] highs;

    private IpBlocks(List<IpAddresses.IpRange> merged) {
        lows = merged.stream().map(IpAddresses.IpRange::low).toArray(byte[][]::new);
        highs = merged.stream().map(IpAddresses.IpRange::high).toArray(byte[][]::new);
    }

    /**
     * The blocks of {@code values}; empty when one is not an address or a CIDR block as Elasticsearch reads them, so
     * that the caller leaves the query to the evaluator, which reports it as Elasticsearch would.
     */
    static Optional<IpBlocks> of(List<JsonNode> values) {
        List<IpAddresses.IpRange> ranges = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                return Optional.empty();
            }
            try {
                ranges.add(IpAddresses.parseTermValue(value.textValue()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        ranges.sort(Comparator.comparing(IpAddresses.IpRange::low, Arrays::compareUnsigned));
        List<IpAddresses.IpRange> merged = new ArrayList<>();
        for (IpAddresses.IpRange range : ranges) {
            IpAddresses.IpRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && Arrays.compareUnsigned(range.low(), last.high()) <= 0) {
                if (Arrays.compareUnsigned(range.high(), last.high()) > 0) {
                    merged.set(merged.size() - 1, new IpAddresses.IpRange(last.low(), range.high()));
                }
            } else {
                merged.add(range);
            }
        }
        return Optional.of(new IpBlocks(merged));
    }

    /** Whether a block holds the 16-byte address. */
    boolean contains(byte[] address) {
        int low = 0;
        int high = lows.length - 1;
        // the last block that starts at or before the address
        int candidate = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (Arrays.compareUnsigned(lows[mid], address) <= 0) {
                candidate = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return candidate >= 0 && Arrays.compareUnsigned(address, highs[candidate]) <= 0;
    }
}
