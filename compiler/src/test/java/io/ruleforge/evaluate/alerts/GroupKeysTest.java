package io.ruleforge.evaluate.alerts;

import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of a composite aggregation's groups, each source by its field's mapped type: Elasticsearch sorts an
 * {@code ip} terms source by the address's 16-byte form, a numeric one by value, a keyword one by its UTF-8 bytes;
 * Kibana's suppression composite puts a missing value last.
 */
class GroupKeysTest {

    private static Map<String, String> key(String... fieldsAndValues) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            key.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return key;
    }

    private static List<Map<String, String>> sorted(GroupKeys order, List<Map<String, String>> keys) {
        List<Map<String, String>> out = new ArrayList<>(keys);
        out.sort(order);
        return out;
    }

    /** Alerts grouped by a keyword whose normalizer ruleforge does not model cannot be keyed: the spec says why. */
    @Test
    void aGroupFieldWithANormalizerNotModelledMakesTheAlertsUngroupable() {
        io.ruleforge.fields.FieldSchema schema = EcsSchemas.defaultSchema().overlay(io.ruleforge.fields.FieldSchema.of("m", List.of(
                new io.ruleforge.fields.FieldMapping("user.name.folded", "keyword").withNormalizer(
                        io.ruleforge.fields.Normalizer.custom("folding", List.of("asciifolding"), List.of())),
                new io.ruleforge.fields.FieldMapping("user.name.caseless", "keyword").withNormalizer(io.ruleforge.fields.Normalizer.LOWERCASE))));
        java.util.function.Function<String, AlertRuleSpec> threshold = field -> new AlertRuleSpec("threshold", "now-6m", "now", 100,
                java.util.Optional.of(new AlertRuleSpec.Threshold(List.of("host.name", field), 5, java.util.Optional.empty(), 0)),
                java.util.Optional.empty(), java.util.Optional.empty(), null, null);
        assertThat(threshold.apply("user.name.folded").ungroupable(schema)).hasValue("its group field user.name.folded has the"
                + " normalizer [folding], which is not modelled by ruleforge: its filter \"asciifolding\" is not modelled (only lowercase is)");
        assertThat(threshold.apply("user.name.caseless").ungroupable(schema)).isEmpty();
    }

    @Test
    void ecsTypesDecideTheOrder() {
        GroupKeys order = GroupKeys.of(EcsSchemas.defaultSchema(), List.of("source.ip", "destination.port", "user.name"));
        assertThat(order.kinds()).containsEntry("source.ip", FieldKind.IP).containsEntry("destination.port", FieldKind.NUMBER)
                .containsEntry("user.name", FieldKind.KEYWORD);
        // as strings "10.0.0.10" < "10.0.0.9" < "192.168.1.20" < "9.9.9.9"; as addresses 9.9.9.9 comes first
        assertThat(sorted(order, List.of(key("source.ip", "192.168.1.20"), key("source.ip", "10.0.0.9"),
                key("source.ip", "10.0.0.10"), key("source.ip", "9.9.9.9"), key("source.ip", null))))
                .extracting(k -> k.get("source.ip")).containsExactly("9.9.9.9", "10.0.0.9", "10.0.0.10", "192.168.1.20", null);
        // an IPv4 address is IPv4-mapped IPv6 (::ffff:a.b.c.d): after ::1, before 2001:db8::1
        assertThat(sorted(order, List.of(key("source.ip", "2001:db8::1"), key("source.ip", "10.0.0.1"), key("source.ip", "::1"))))
                .extracting(k -> k.get("source.ip")).containsExactly("::1", "10.0.0.1", "2001:db8::1");
        assertThat(sorted(order, List.of(key("destination.port", "443"), key("destination.port", "80"), key("destination.port", "8080"))))
                .extracting(k -> k.get("destination.port")).containsExactly("80", "443", "8080");
        // the first source decides before the second
        assertThat(order.compare(key("source.ip", "10.0.0.9", "user.name", "zed"), key("source.ip", "10.0.0.10", "user.name", "al")))
                .isNegative();
    }

    @Test
    void oneNumberWrittenTwoWaysIsOneGroup() {
        GroupKeys order = GroupKeys.of(EcsSchemas.defaultSchema(), List.of("destination.port"));
        Map<Map<String, String>, Integer> groups = new TreeMap<>(order);
        groups.merge(key("destination.port", "5"), 1, Integer::sum);
        groups.merge(key("destination.port", "5.0"), 1, Integer::sum);
        assertThat(groups).hasSize(1).containsValue(2);
        // a keyword keeps them apart
        Map<Map<String, String>, Integer> words = new TreeMap<>(GroupKeys.KEYWORDS);
        words.merge(key("destination.port", "5"), 1, Integer::sum);
        words.merge(key("destination.port", "5.0"), 1, Integer::sum);
        assertThat(words).hasSize(2);
    }

    @Test
    void keywordsCompareByCodePointsAsUtf8BytesDo() {
        // U+FF5E (fullwidth tilde, one UTF-16 unit) against U+1F600 (a surrogate pair starting 0xD83D): UTF-16 units put
        // the emoji first, UTF-8 bytes (EF BD 9E < F0 9F 98 80) the tilde
        assertThat(GroupKeys.KEYWORDS.compare(key("user.name", "\uFF5E"), key("user.name", "\uD83D\uDE00"))).isNegative();
        assertThat("\uFF5E".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(sorted(GroupKeys.KEYWORDS, List.of(key("user.name", "bob"), key("user.name", null), key("user.name", "Bob"))))
                .extracting(k -> k.get("user.name")).containsExactly("Bob", "bob", null);
    }

    /**
     * A key written in a case file names an alert whichever form the rule type keys by: a composite key (threshold,
     * query suppression: epoch millis) or the fields API's value (EQL, new terms suppression: the printed date).
     */
    @Test
    void aWrittenKeyNamesTheAlertInEitherStoredForm() {
        GroupKeys keys = GroupKeys.of(EcsSchemas.defaultSchema(), List.of("event.created", "user.name"));
        Map<String, String> written = key("event.created", "2024-05-01T12:00:00+02:00");
        assertThat(keys.names(written, key("event.created", "1714557600000"))).isTrue();
        assertThat(keys.names(written, key("event.created", "2024-05-01T10:00:00.000Z"))).isTrue();
        assertThat(keys.names(written, key("event.created", "1714557600001"))).isFalse();
        assertThat(keys.names(key("user.name", "bob"), key("user.name", "Bob"))).isFalse();
        assertThat(keys.names(key("user.name", null), key("user.name", null))).isTrue();
        assertThat(keys.names(key("user.name", "bob"), key("user.name", null))).isFalse();
        assertThat(GroupKeys.KEYWORDS.names(written, key("event.created", "1714557600000"))).isFalse();
    }

    /** Composite date keys are epoch millis: compared as numbers, a short one not read as a year. */
    @Test
    void dateKeysCompareAsInstants() {
        GroupKeys keys = GroupKeys.of(EcsSchemas.defaultSchema(), List.of("event.created"));
        assertThat(keys.compare(key("event.created", "2024"), key("event.created", "100000"))).isNegative();
        assertThat(keys.compare(key("event.created", "1714557600000"), key("event.created", "2024-05-01T10:00:00.000Z"))).isZero();
    }
}
