package io.ruleforge.net;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * IP addresses as an Elasticsearch {@code ip} field stores them: always 16 bytes, IPv4 as IPv4-mapped IPv6
 * ({@code ::ffff:a.b.c.d}), so {@code 10.0.0.1} and {@code ::ffff:10.0.0.1} are the same value. Parsed by hand
 * because {@link java.net.InetAddress#getByName} would resolve host names over DNS.
 */
public final class IpAddresses {

    private static final byte[] V4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private IpAddresses() {
    }

    /** An inclusive range of 16-byte addresses; a single address is a range of one. */
    public record IpRange(byte[] low, byte[] high) {

        public boolean contains(byte[] address) {
            return Arrays.compareUnsigned(low, address) <= 0 && Arrays.compareUnsigned(address, high) <= 0;
        }
    }

    /** The 16-byte form of an IPv4 or IPv6 literal, empty when the text is not one. */
    public static Optional<byte[]> parse(String text) {
        // No trimming: ES refuses " 10.0.0.1" as well.
        // An IPv6 scope id ("fe80::1%eth0") is ignored, as Elasticsearch's InetAddresses ignores everything after a
        // '%' (an empty one refused); an IPv4 address takes none. Seen on 8.19.21 by a black-box probe: the event
        // is indexed as fe80::1 and the query runs.
        int percent = text.indexOf('%');
        String s = percent < 0 ? text : text.substring(0, percent);
        if (s.indexOf(':') >= 0) {
            // 8.19.21 converts an embedded dotted quad before it drops the scope: "::ffff:1.2.3.4%eth0" is refused
            return percent == text.length() - 1 || (percent >= 0 && s.indexOf('.') >= 0) ? Optional.empty() : parseV6(s);
        }
        return percent >= 0 ? Optional.empty() : parseV4(s).map(IpAddresses::mapped);
    }

    /**
     * What a term/match value on an ip field means: one address, or a CIDR block ({@code 10.0.0.0/8},
     * {@code fe80::/10}) that Elasticsearch turns into a prefix range. Throws like Elasticsearch for bad input.
     */
    public static IpRange parseTermValue(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            byte[] address = parse(text).orElseThrow(
                    () -> new IllegalArgumentException("'" + text + "' is not an IP string literal."));
            return new IpRange(address, address);
        }
        String addressText = text.substring(0, slash);
        String prefixText = text.substring(slash + 1);
        byte[] address = parse(addressText).orElseThrow(
                () -> new IllegalArgumentException("'" + addressText + "' is not an IP string literal."));
        int prefix;
        try {
            prefix = Integer.parseInt(prefixText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Expected [ip/prefix] but was [" + text + "]");
        }
        boolean v4Literal = addressText.indexOf(':') < 0;
        if (!v4Literal && isV4Mapped(address)) {
            // ES refuses this: a /n after ::ffff:a.b.c.d could be meant as a v4 or a v6 prefix length.
            throw new IllegalArgumentException("CIDR notation is not allowed with IPv6-mapped IPv4 address [" + text + "]");
        }
        int maxPrefix = v4Literal ? 32 : 128;
        if (prefix < 0 || prefix > maxPrefix) {
            throw new IllegalArgumentException("illegal prefixLength '" + prefix + "' in [" + text + "]");
        }
        int bits = v4Literal ? prefix + 96 : prefix;
        byte[] low = address.clone();
        byte[] high = address.clone();
        for (int bit = bits; bit < 128; bit++) {
            int mask = 0x80 >>> (bit % 8);
            low[bit / 8] &= (byte) ~mask;
            high[bit / 8] |= (byte) mask;
        }
        return new IpRange(low, high);
    }

    public static boolean isV4Mapped(byte[] address) {
        return Arrays.equals(address, 0, 12, V4_MAPPED_PREFIX, 0, 12);
    }

    /** Canonical text, for explanations: dotted quad for IPv4, hex groups otherwise. */
    static String format(byte[] address) {
        if (isV4Mapped(address)) {
            return (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff) + "." + (address[15] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff)));
        }
        return sb.toString();
    }

    /**
     * The text Elasticsearch gives an address (its {@code InetAddresses.toAddrString}): IPv4-mapped addresses as
     * IPv4, other IPv6 addresses in RFC 5952 form — lower-case hex groups without leading zeros, the longest run of
     * two or more zero groups (the first of equal runs) written {@code ::}.
     */
    public static String canonical(byte[] address) {
        return isV4Mapped(address) ? format(address) : IpBlock.compressIpv6(address);
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = Arrays.copyOf(V4_MAPPED_PREFIX, 16);
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    private static Optional<byte[]> parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // Leading zeros are refused (as ES does) because they are read as octal elsewhere.
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            out[i] = (byte) v;
        }
        return Optional.of(out);
    }

    private static Optional<byte[]> parseV6(String s) {
        String text = s;
        byte[] tail = new byte[0];
        int lastColon = text.lastIndexOf(':');
        if (text.indexOf('.', lastColon) >= 0) {
            // an embedded IPv4 address takes the last 32 bits
            Optional<byte[]> v4 = parseV4(text.substring(lastColon + 1));
            if (v4.isEmpty()) {
                return Optional.empty();
            }
            tail = v4.get();
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return Optional.empty();
        }
        String[] head = gap >= 0 ? splitGroups(text.substring(0, gap)) : splitGroups(text);
        String[] rest = gap >= 0 ? splitGroups(text.substring(gap + 2)) : new String[0];
        if (head == null || rest == null) {
            return Optional.empty();
        }
        int groups = head.length + rest.length;
        if (gap < 0 ? groups != 8 : groups > 7) {
            return Optional.empty();
        }
        byte[] out = new byte[16];
        if (!fill(out, 0, head) || !fill(out, 16 - 2 * rest.length, rest)) {
            return Optional.empty();
        }
        if (tail.length == 4) {
            System.arraycopy(tail, 0, out, 12, 4);
        }
        return Optional.of(out);
    }

    private static String[] splitGroups(String part) {
        if (part.isEmpty()) {
            return new String[0];
        }
        String[] groups = part.split(":", -1);
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4) {
                return null;
            }
        }
        return groups;
    }

    private static boolean fill(byte[] out, int offset, String[] groups) {
        for (int i = 0; i < groups.length; i++) {
            int v;
            try {
                v = HexFormat.fromHexDigits(groups[i]);
            } catch (IllegalArgumentException e) {
                return false;
            }
            out[offset + 2 * i] = (byte) (v >>> 8);
            out[offset + 2 * i + 1] = (byte) v;
        }
        return true;
    }
}
