package io.ruleforge.validate;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;

/** The {@code [metadata]} table: dates, maturity, the minimum stack version. */
final class MetadataCheck implements RuleCheck {

    private static final Pattern STACK_VERSION = Pattern.compile("^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$");

    @Override
    public void check(SchemaAssertions f) {
        f.knownKeys("/metadata", RuleSchema.METADATA);
        f.required("/metadata", RuleSchema.METADATA_REQUIRED);
        Optional<LocalDate> created = f.date("/metadata/creation_date");
        Optional<LocalDate> updated = f.date("/metadata/updated_date");
        f.date("/metadata/deprecation_date");
        if (created.isPresent() && updated.isPresent() && updated.get().isBefore(created.get())) {
            // detection-rules does not compare the dates and Kibana never sees them: a slip worth a warning
            f.warning(SchemaCodes.BAD_DATE, "/metadata/updated_date", "metadata.updated_date " + updated.get()
                    + " is before metadata.creation_date " + created.get(), "updated_date must not precede creation_date");
        }
        f.oneOf("/metadata/maturity", RuleSchema.MATURITIES);
        f.text("/metadata/min_stack_version").ifPresent(v -> {
            if (!STACK_VERSION.matcher(v).matches()) {
                f.error(SchemaCodes.BAD_VERSION, "/metadata/min_stack_version", "metadata.min_stack_version must be a "
                        + "stack version such as \"8.12.0\", found \"" + ValueKind.abbreviate(v) + "\"",
                        "write major.minor.patch, e.g. 8.12.0");
            }
        });
    }
}
