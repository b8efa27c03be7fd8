package io.ruleforge.files;

/** JSON Pointers (RFC 6901), by which every reader names where a value of the user's file is. */
public final class JsonPointers {

    private JsonPointers() {
    }

    /** Escapes one key as a pointer segment: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    public static String segment(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The pointer of member {@code key} of the object at {@code pointer}. */
    public static String child(String pointer, String key) {
        return pointer + "/" + segment(key);
    }
}
