package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.net.IpAddresses;
import io.ruleforge.net.IpBlock;
import io.ruleforge.net.IpRanges;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * ip fields. A term/match/match_phrase value may be an address or a CIDR block (ES builds a prefix range from
 * it); IPv4 and IPv4-mapped IPv6 are the same value. Source values that are not addresses are dropped, as an
 * index with {@code ignore_malformed} would (without it ES would reject the whole event).
 */
record IpValues(ResolvedField field, List<byte[]> addresses, List<String> sources) implements FieldValues {

    /** Elasticsearch keeps every address in 16 bytes. */
    private static final int ADDRESS_BITS = 128;

    static IpValues of(ResolvedField field) {
        List<byte[]> addresses = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (JsonNode v : field.values()) {
            if (v.isTextual()) {
                IpAddresses.parse(v.textValue()).ifPresent(a -> {
                    addresses.add(a);
                    sources.add(v.textValue());
                });
            }
        }
        return new IpValues(field, List.copyOf(addresses), List.copyOf(sources));
    }

    /** The address in Elasticsearch's form: IPv4-mapped addresses as IPv4, IPv6 compressed (RFC 5952). */
    @Override
    public List<String> termKeys() {
        return TermKeys.distinct(addresses.stream().map(IpAddresses::canonical));
    }

    @Override
    public List<String> fieldValues() {
        return addresses.stream().map(IpAddresses::canonical).toList();
    }

    @Override
    public boolean exists() {
        return !addresses.isEmpty();
    }

    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        String text = FieldValues.text(value);
        IpAddresses.IpRange range = IpAddresses.parseTermValue(text);
        for (int i = 0; i < addresses.size(); i++) {
            if (range.contains(addresses.get(i))) {
                String source = sources.get(i);
                // an IPv6 block holding an IPv4 address surprises: say that Elasticsearch keeps it IPv4-mapped
                return Optional.of(text.indexOf(':') >= 0 && source.indexOf(':') < 0 && IpAddresses.isV4Mapped(addresses.get(i))
                        ? source + " (an IPv4 address, which Elasticsearch keeps as ::ffff:" + source + ")"
                        : source);
            }
        }
        return Optional.empty();
    }

    /**
     * A terms query's values — addresses and CIDR blocks — as one set of merged intervals in Elasticsearch's 16-byte
     * address space (IPv4 as IPv4-mapped IPv6), parsed once for every event it is asked of: a value list of tens of
     * thousands of addresses is one such query. Empty when a value is not an address or a block Elasticsearch reads,
     * so that the caller leaves the query to the evaluator, which reports it.
     */
    static Optional<IpRanges> termBlocks(List<JsonNode> values) {
        List<IpBlock> blocks = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                return Optional.empty();
            }
            try {
                IpAddresses.IpRange range = IpAddresses.parseTermValue(value.textValue());
                blocks.add(new IpBlock(new BigInteger(1, range.low()), new BigInteger(1, range.high()), ADDRESS_BITS, value.textValue()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(IpRanges.of(blocks, ADDRESS_BITS));
    }

    /** Whether one of the event's addresses is in {@code blocks} ({@link #termBlocks}). */
    boolean anyIn(IpRanges blocks) {
        return addresses.stream().anyMatch(a -> blocks.contains(new BigInteger(1, a), ADDRESS_BITS));
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        Predicate<byte[]> within = bounds.matcher(Arrays::compareUnsigned, (b, up) -> parseBound(b));
        for (int i = 0; i < addresses.size(); i++) {
            if (within.test(addresses.get(i))) {
                return Optional.of(sources.get(i));
            }
        }
        return Optional.empty();
    }

    /** A range bound on an ip field: one address, as Elasticsearch parses it. */
    static byte[] parseBound(JsonNode bound) {
        String text = FieldValues.text(bound);
        return IpAddresses.parse(text)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an IP string literal."));
    }
}
