package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** boolean fields: source true/false/"true"/"false" ("" indexes as false); queries accept only true or false. */
record BooleanValues(ResolvedField field, List<Boolean> booleans) implements FieldValues {

    static BooleanValues of(ResolvedField field) {
        List<Boolean> booleans = new ArrayList<>();
        for (JsonNode v : field.values()) {
            if (v.isBoolean()) {
                booleans.add(v.booleanValue());
            } else if (v.isTextual()) {
                switch (v.textValue()) {
                    case "true" -> booleans.add(true);
                    case "false", "" -> booleans.add(false);
                    default -> { }
                }
            }
        }
        return new BooleanValues(field, List.copyOf(booleans));
    }

    @Override
    public List<String> termKeys() {
        return TermKeys.distinct(booleans.stream().map(String::valueOf));
    }

    @Override
    public List<String> fieldValues() {
        return booleans.stream().map(String::valueOf).toList();
    }

    @Override
    public boolean exists() {
        return !booleans.isEmpty();
    }

    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        boolean wanted = parse(value);
        return booleans.contains(wanted) ? Optional.of(Boolean.toString(wanted)) : Optional.empty();
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        return booleans.stream()
                .filter(bounds.matcher(Boolean::compare, (n, up) -> parse(n)))
                .findFirst().map(String::valueOf);
    }

    private static boolean parse(JsonNode value) {
        if (value != null && value.isBoolean()) {
            return value.booleanValue();
        }
        String text = FieldValues.text(value);
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    "Failed to parse value [" + text + "] as only [true] or [false] are allowed.");
        };
    }
}
