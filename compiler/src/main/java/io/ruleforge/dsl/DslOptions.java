package io.ruleforge.dsl;

import java.time.ZoneId;
import java.util.Optional;

/**
 * Kibana's {@code config} for {@code toElasticsearchQuery} as far as KQL translation uses it.
 *
 * @param dateFormatTZ the {@code dateFormat:tz} setting: when present, exact matches and ranges on {@code date}
 *                     fields get {@code "time_zone"}. {@code Browser} resolves to this JVM's zone (Kibana guesses
 *                     the browser's); anything else is passed through verbatim. Kibana's detection engine uses
 *                     {@code Zulu}; plain {@code toElasticsearchQuery} (and the conformance files) use none.
 */
public record DslOptions(Optional<String> dateFormatTZ) {

    /** No time zone: {@code toElasticsearchQuery(ast, dataView)} without a config. */
    public static final DslOptions DEFAULT = new DslOptions(Optional.empty());

    /** What the security detection engine passes (KQL_SPEC §9). */
    public static final DslOptions DETECTION_ENGINE = new DslOptions(Optional.of("Zulu"));

    public DslOptions {
        dateFormatTZ = dateFormatTZ == null ? Optional.empty() : dateFormatTZ;
    }

    public static DslOptions withTimeZone(String dateFormatTZ) {
        return new DslOptions(Optional.of(dateFormatTZ));
    }

    /** The {@code time_zone} value to emit on date fields, if any. */
    Optional<String> timeZone() {
        return dateFormatTZ.map(tz -> tz.equals("Browser") ? ZoneId.systemDefault().getId() : tz);
    }
}
