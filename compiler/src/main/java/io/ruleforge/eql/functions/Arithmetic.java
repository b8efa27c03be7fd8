package io.ruleforge.eql.functions;

/**
 * Number arithmetic shared by the operators {@code + - * / %} and the functions add, subtract, multiply, divide,
 * modulo: two integers give an integer (division truncates toward zero, modulo takes the dividend's sign, as in
 * Java), anything with a fraction gives a double, a null operand gives null.
 */
public final class Arithmetic {

    public enum Op { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULO }

    private Arithmetic() {
    }

    /** Null when an operand is null or not a number, or on integer division by zero. */
    public static Object apply(Op op, Object left, Object right) {
        if (!(left instanceof Number a) || !(right instanceof Number b)) {
            return null;
        }
        if (a instanceof Long x && b instanceof Long y) {
            return switch (op) {
                case ADD -> x + y;
                case SUBTRACT -> x - y;
                case MULTIPLY -> x * y;
                case DIVIDE -> y == 0 ? null : x / y;
                case MODULO -> y == 0 ? null : x % y;
            };
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE -> y == 0 ? null : x / y;
            case MODULO -> y == 0 ? null : x % y;
        };
    }

    /** Unary minus; null for null or a non-number. */
    public static Object negate(Object value) {
        if (value instanceof Long x) {
            return -x;
        }
        if (value instanceof Double x) {
            return -x;
        }
        return null;
    }
}
