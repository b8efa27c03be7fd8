package io.ruleforge.evaluate.esql;

import io.ruleforge.net.IpBlock;

import io.ruleforge.esql.ast.DataType;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ip value as ES|QL holds it: 16 bytes, IPv4 addresses mapped into IPv6 ({@code ::ffff:a.b.c.d}), ordered by
 * those bytes — so every IPv4 address sorts between {@code ::ffff:0:0} and {@code ::ffff:ffff:ffff}, as in
 * Elasticsearch.
 */
public record IpValue(byte[] bytes) implements Comparable<IpValue> {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public IpValue {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an ip value has 16 bytes");
        }
        bytes = bytes.clone();
    }

    /** An IPv4 or IPv6 literal (no host names: nothing is looked up), or empty when the text is not one. */
    public static Optional<IpValue> parse(String text) {
        String t = text.trim();
        if (t.isEmpty() || !LITERAL.matcher(t).matches() || (!t.contains(":") && t.chars().filter(c -> c == '.').count() != 3)) {
            return Optional.empty();
        }
        if (!t.contains(":")) {
            for (String part : t.split("\\.", -1)) {
                if (part.isEmpty() || part.length() > 3 || Integer.parseInt(part) > 255) {
                    return Optional.empty();
                }
            }
        }
        try {
            return Optional.of(of(InetAddress.getByName(t)));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static IpValue of(InetAddress address) {
        byte[] raw = address.getAddress();
        if (raw.length == 16) {
            return new IpValue(raw);
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return new IpValue(mapped);
    }

    public boolean isV4() {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public int compareTo(IpValue o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpValue ip && Arrays.equals(bytes, ip.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** As Elasticsearch prints it: dotted IPv4, or compressed IPv6 ({@code ::1}, {@code fe80::cae2:65ff:fece:feb9}). */
    @Override
    public String toString() {
        if (isV4()) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        return IpBlock.compressIpv6(bytes);
    }

    /** Whether this address lies in a CIDR block such as {@code 10.0.0.0/8} or {@code fe80::/10}. */
    public boolean inCidr(String cidr) {
        int slash = cidr.indexOf('/');
        Optional<IpValue> base = parse(slash < 0 ? cidr : cidr.substring(0, slash));
        if (base.isEmpty()) {
            throw new IllegalArgumentException("[" + cidr + "] is not a valid CIDR");
        }
        int prefix;
        try {
            prefix = slash < 0 ? 128 : Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("[" + cidr + "] is not a valid CIDR");
        }
        boolean v4 = !cidr.substring(0, slash < 0 ? cidr.length() : slash).contains(":");
        if (v4 && slash >= 0) {
            prefix += 96;
        }
        if (prefix < 0 || prefix > 128) {
            throw new IllegalArgumentException("[" + cidr + "] is not a valid CIDR");
        }
        byte[] b = base.get().bytes;
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
