package io.ruleforge.diff;

import java.util.Set;

/**
 * Alerts named by key strings in a set, where two alerts can have the same key (several {@code doNotSuppress} alerts
 * missing the same group field, alerts of one group written by several executions, identical result rows): the
 * second and later get {@code #2}, {@code #3}… so each alert is an entry and the count is the set's size.
 */
final class AlertKeys {

    private AlertKeys() {
    }

    /** Adds {@code key}, or {@code key #n} with the first n ≥ 2 not yet in {@code keys}. */
    static void add(Set<String> keys, String key) {
        String unique = key;
        for (int n = 2; !keys.add(unique); n++) {
            unique = key + " #" + n;
        }
    }
}
