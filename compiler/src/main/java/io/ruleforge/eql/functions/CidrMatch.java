package io.ruleforge.eql.functions;

import io.ruleforge.net.IpBlock;

import java.util.List;
import java.util.Optional;

/** {@code cidrMatch(ip, block…)}: whether an IPv4 or IPv6 address lies in any of the CIDR blocks. */
final class CidrMatch {

    private CidrMatch() {
    }

    static Object apply(List<Object> args) {
        if (!(args.get(0) instanceof String ip)) {
            return null;
        }
        Optional<IpBlock> address = IpBlock.parse(ip);
        if (address.isEmpty() || ip.contains("/")) {
            return null;
        }
        IpBlock a = address.get();
        for (Object block : args.subList(1, args.size())) {
            if (block instanceof String text) {
                Optional<IpBlock> b = IpBlock.parse(text);
                // an address and a block of different families compare as IPv4-mapped IPv6, as Elasticsearch's
                // CIDRUtils.isBetween does (and an ip field's term query): 8.8.8.8 is in ::ffff:0:0/96 and in ::/0
                if (b.isPresent() && (b.get().bits() == a.bits() ? b.get().contains(a.first(), a.bits())
                        : b.get().asIpv6().contains(a.asIpv6().first(), 128))) {
                    return true;
                }
            }
        }
        return false;
    }
}
