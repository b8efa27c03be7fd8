package io.ruleforge.validate;

import java.util.List;
import java.util.Optional;

/**
 * {@code new_terms} rules, in detection-rules' layout ({@code [rule.new_terms]} with
 * {@code field = "new_terms_fields"}, {@code value} = 1–3 fields and one {@code [[rule.new_terms.history_window_start]]}
 * with {@code field = "history_window_start"} and date math) or in the API's ({@code new_terms_fields},
 * {@code history_window_start}).
 */
final class NewTermsCheck implements RuleCheck {

    private static final int MAX_FIELDS = 3;

    @Override
    public void check(SchemaAssertions f) {
        boolean apiForm = f.present("/rule/new_terms_fields") || f.present("/rule/history_window_start");
        if (f.at("/rule/new_terms").isObject()) {
            table(f);
        }
        if (apiForm) {
            fields(f, "/rule/new_terms_fields");
            historyStart(f, "/rule/history_window_start");
        }
        if (f.text("/rule/type").map("new_terms"::equals).orElse(false) && !f.present("/rule/new_terms")) {
            if (apiForm) {
                f.required("/rule", List.of("new_terms_fields", "history_window_start"));
            } else {
                f.error(SchemaCodes.MISSING_FIELD, "/rule", "missing required rule.new_terms",
                        "add [rule.new_terms] with field = \"new_terms_fields\", value = [\"host.id\"] and a history_window_start");
            }
        }
    }

    private static void table(SchemaAssertions f) {
        String t = "/rule/new_terms";
        f.knownKeys(t, RuleSchema.NEW_TERMS);
        f.required(t, List.of("field", "value", "history_window_start"));
        name(f, t + "/field", "new_terms_fields");
        fields(f, t + "/value");
        f.size(t + "/history_window_start", 1, 1, "history_window_start table");
        f.eachTable(t + "/history_window_start", h -> {
            f.knownKeys(h, RuleSchema.NEW_TERMS_HISTORY);
            f.required(h, List.of("field", "value"));
            name(f, h + "/field", "history_window_start");
            historyStart(f, h + "/value");
        });
    }

    private static void name(SchemaAssertions f, String pointer, String expected) {
        f.text(pointer).ifPresent(v -> {
            if (!v.equals(expected)) {
                f.error(SchemaCodes.NOT_IN_ENUM, pointer, SchemaAssertions.label(pointer) + " must be \"" + expected
                        + "\", found \"" + ValueKind.abbreviate(v) + "\"", "write field = \"" + expected + "\"");
            }
        });
    }

    private static void fields(SchemaAssertions f, String pointer) {
        f.size(pointer, 1, MAX_FIELDS, "fields");
        f.fieldName(pointer);
    }

    private static void historyStart(SchemaAssertions f, String pointer) {
        if (!f.dateMath(pointer)) {
            return;
        }
        Optional<DateMath> start = f.text(pointer).flatMap(DateMath::parse);
        if (start.isPresent() && start.get().secondsFromNow() >= 0) {
            f.error(SchemaCodes.BAD_DATE_MATH, pointer, SchemaAssertions.label(pointer) + " must lie in the past such as "
                    + "\"now-7d\", found \"" + f.text(pointer).orElseThrow() + "\"", "subtract the history window: now-7d");
        }
    }
}
