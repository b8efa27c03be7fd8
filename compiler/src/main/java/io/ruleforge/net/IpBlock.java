package io.ruleforge.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A block of IP addresses written as a single address or in CIDR notation, IPv4 or IPv6, with the arithmetic the
 * generated tests need (first, last, middle address, the neighbours just outside).
 *
 * @param first the lowest address as an unsigned number
 * @param last  the highest address
 * @param bits  32 for IPv4, 128 for IPv6
 * @param text  the block as written in the rule
 */
public record IpBlock(BigInteger first, BigInteger last, int bits, String text) {

    /**
     * Parses {@code 10.0.0.0/8}, {@code 169.254.169.254}, {@code FE80::/10}; empty when it is not an IP block. The
     * address is read as Elasticsearch reads it ({@link IpAddresses#parse}: no leading zeros, no short forms, an IPv6
     * scope id ignored), so what is a block here is what a query on an ip field takes; an IPv4-mapped IPv6 address
     * is the IPv4 one.
     */
    public static Optional<IpBlock> parse(String text) {
        // as written: Elasticsearch's parseCidr trims nothing (" 10.0.0.0/8" is no block there)
        String s = text;
        int slash = s.indexOf('/');
        String address = slash < 0 ? s : s.substring(0, slash);
        Optional<byte[]> parsed = IpAddresses.parse(address);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        byte[] sixteen = parsed.get();
        boolean v4 = IpAddresses.isV4Mapped(sixteen);
        if (slash >= 0 && v4 && address.indexOf(':') >= 0) {
            return Optional.empty(); // "CIDR notation is not allowed with IPv6-mapped IPv4 address" (parseCidr)
        }
        byte[] bytes = v4 ? java.util.Arrays.copyOfRange(sixteen, 12, 16) : sixteen;
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bits) {
                return Optional.empty();
            }
        }
        BigInteger value = new BigInteger(1, bytes);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger first = value.andNot(hostMask);
        return Optional.of(new IpBlock(first, first.or(hostMask), bits, text));
    }

    public boolean contains(BigInteger address, int addressBits) {
        return addressBits == bits && first.compareTo(address) <= 0 && address.compareTo(last) <= 0;
    }

    /** The IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) of an IPv4 block; an IPv6 block itself. */
    public IpBlock asIpv6() {
        if (bits == 128) {
            return this;
        }
        return new IpBlock(first.add(V4_MAPPED), last.add(V4_MAPPED), 128, text);
    }

    private static final BigInteger V4_MAPPED = BigInteger.valueOf(0xFFFF).shiftLeft(32);

    public BigInteger middle() {
        return first.add(last).shiftRight(1);
    }

    /** The address just below the block, if there is one. */
    public Optional<BigInteger> below() {
        return first.signum() > 0 ? Optional.of(first.subtract(BigInteger.ONE)) : Optional.empty();
    }

    /** The address just above the block, if there is one. */
    public Optional<BigInteger> above() {
        BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return last.compareTo(max) < 0 ? Optional.of(last.add(BigInteger.ONE)) : Optional.empty();
    }

    /** An address of this block's family in its usual text form. */
    public String format(BigInteger address) {
        byte[] raw = address.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return bits == 32 ? InetAddress.getByAddress(bytes).getHostAddress() : compressIpv6(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a " + bytes.length + "-byte address is always valid", e);
        }
    }

    /**
     * RFC 5952 text form of a 16-byte address (Java prints IPv6 uncompressed): the longest run of at least two zero
     * groups becomes {@code ::}. Elasticsearch prints IPv6 values the same way.
     */
    public static String compressIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
