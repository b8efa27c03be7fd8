package io.ruleforge.validate;

/**
 * The Markdown of {@code setup} and {@code note} (the investigation guide): an empty text or a code fence that
 * is never closed (the rest of the guide would render as code) is a warning at the offending place.
 */
final class MarkdownCheck implements RuleCheck {

    @Override
    public void check(SchemaAssertions f) {
        markdown(f, "/rule/setup");
        markdown(f, "/rule/note");
    }

    private static void markdown(SchemaAssertions f, String pointer) {
        f.text(pointer).ifPresent(text -> {
            if (text.isBlank()) {
                f.warning(SchemaCodes.MARKDOWN, pointer, SchemaAssertions.label(pointer) + " must be Markdown text, found an empty string",
                        "write it or remove the key");
                return;
            }
            unclosedFence(text).ifPresent(open -> f.reportAt(io.ruleforge.diag.Severity.WARNING, SchemaCodes.MARKDOWN,
                    f.positionInString(pointer, open.offset()), SchemaAssertions.label(pointer) + " has a code fence "
                            + open.marker() + " that is never closed; expected a closing " + open.marker() + ", found the end of the text",
                    "close the code block with " + open.marker() + " on a line of its own"));
        });
    }

    /** An opening fence: where it starts in the string and its marker (``` or ~~~, as long as written). */
    record Fence(int offset, String marker) {
    }

    /** The first code fence left open at the end of the text, following CommonMark's fence rules. */
    static java.util.Optional<Fence> unclosedFence(String text) {
        Fence open = null;
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int end = text.indexOf('\n', lineStart);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(lineStart, end);
            int indent = 0;
            while (indent < line.length() && indent < 4 && line.charAt(indent) == ' ') {
                indent++;
            }
            if (indent < 4) {
                String rest = line.substring(indent);
                String marker = fenceMarker(rest);
                if (open == null && marker != null && !(marker.charAt(0) == '`' && rest.substring(marker.length()).contains("`"))) {
                    open = new Fence(lineStart + indent, marker);
                } else if (open != null && marker != null && marker.charAt(0) == open.marker().charAt(0)
                        && marker.length() >= open.marker().length() && rest.substring(marker.length()).isBlank()) {
                    open = null;
                }
            }
            lineStart = end + 1;
        }
        return java.util.Optional.ofNullable(open);
    }

    private static String fenceMarker(String line) {
        if (line.isEmpty() || (line.charAt(0) != '`' && line.charAt(0) != '~')) {
            return null;
        }
        int n = 0;
        while (n < line.length() && line.charAt(n) == line.charAt(0)) {
            n++;
        }
        return n >= 3 ? line.substring(0, n) : null;
    }
}
