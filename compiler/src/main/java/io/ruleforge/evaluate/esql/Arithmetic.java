package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * ES|QL's {@code + - * / %} on single values: integers and longs overflow into a failure (null and a warning, as
 * Elasticsearch's {@code Math.addExact}), integer division truncates, division by zero is a failure, and a date
 * plus or minus a period or duration moves it in UTC.
 */
public final class Arithmetic {

    private static final BigInteger UNSIGNED_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Arithmetic() {
    }

    /** The result type of {@code left op right}; an IllegalArgumentException for types that do not combine. */
    public static DataType resultType(String op, DataType left, DataType right) {
        if (left == DataType.NULL || right == DataType.NULL) {
            return left == DataType.NULL ? (right == DataType.NULL ? DataType.NULL : right) : left;
        }
        if (left == DataType.DATETIME && (right == DataType.DATE_PERIOD || right == DataType.TIME_DURATION)
                && (op.equals("+") || op.equals("-"))) {
            return DataType.DATETIME;
        }
        if (right == DataType.DATETIME && (left == DataType.DATE_PERIOD || left == DataType.TIME_DURATION) && op.equals("+")) {
            return DataType.DATETIME;
        }
        if ((left == DataType.DATE_PERIOD || left == DataType.TIME_DURATION) && left == right && (op.equals("+") || op.equals("-"))) {
            return left;
        }
        if (!left.isNumeric() || !right.isNumeric()) {
            throw new IllegalArgumentException("arguments of [" + op + "] must be numeric (or a date and a time span), found ["
                    + left.esName() + "] and [" + right.esName() + "]");
        }
        if (left == DataType.UNSIGNED_LONG || right == DataType.UNSIGNED_LONG) {
            if (left != right) {
                throw new IllegalArgumentException("[" + op + "] has arguments with incompatible types [" + left.esName()
                        + "] and [" + right.esName() + "]");
            }
            return DataType.UNSIGNED_LONG;
        }
        if (left == DataType.DOUBLE || right == DataType.DOUBLE) {
            return DataType.DOUBLE;
        }
        if (left == DataType.LONG || right == DataType.LONG) {
            return DataType.LONG;
        }
        return DataType.INTEGER;
    }

    public static Object add(Object a, Object b, DataType type) {
        return apply("+", a, b, type);
    }

    /** {@code a op b} for single non-null values, computed in {@code type} (from {@link #resultType}). */
    public static Object apply(String op, Object a, Object b, DataType type) {
        if (type == DataType.DATETIME) {
            try {
                return dateShift(op, a, b);
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw EvaluationFailure.arithmetic(e.getMessage());
            }
        }
        if (type == DataType.DATE_PERIOD) {
            return op.equals("+") ? ((Period) a).plus((Period) b) : ((Period) a).minus((Period) b);
        }
        if (type == DataType.TIME_DURATION) {
            return op.equals("+") ? ((Duration) a).plus((Duration) b) : ((Duration) a).minus((Duration) b);
        }
        Number x = (Number) a;
        Number y = (Number) b;
        try {
            return switch (type) {
                case INTEGER -> switch (op) {
                    case "+" -> Math.addExact(x.intValue(), y.intValue());
                    case "-" -> Math.subtractExact(x.intValue(), y.intValue());
                    case "*" -> Math.multiplyExact(x.intValue(), y.intValue());
                    case "/" -> nonZero(y) ? x.intValue() / y.intValue() : null;
                    case "%" -> nonZero(y) ? x.intValue() % y.intValue() : null;
                    default -> throw new IllegalArgumentException(op);
                };
                case LONG -> switch (op) {
                    case "+" -> Math.addExact(x.longValue(), y.longValue());
                    case "-" -> Math.subtractExact(x.longValue(), y.longValue());
                    case "*" -> Math.multiplyExact(x.longValue(), y.longValue());
                    case "/" -> nonZero(y) ? x.longValue() / y.longValue() : null;
                    case "%" -> nonZero(y) ? x.longValue() % y.longValue() : null;
                    default -> throw new IllegalArgumentException(op);
                };
                case DOUBLE -> {
                    double r = switch (op) {
                        case "+" -> x.doubleValue() + y.doubleValue();
                        case "-" -> x.doubleValue() - y.doubleValue();
                        case "*" -> x.doubleValue() * y.doubleValue();
                        case "/" -> nonZero(y) ? x.doubleValue() / y.doubleValue() : Double.NaN;
                        case "%" -> nonZero(y) ? x.doubleValue() % y.doubleValue() : Double.NaN;
                        default -> throw new IllegalArgumentException(op);
                    };
                    if (Double.isNaN(r) || Double.isInfinite(r)) {
                        throw EvaluationFailure.arithmetic("not a finite double number: " + r);
                    }
                    yield r;
                }
                case UNSIGNED_LONG -> unsigned(op, ScalarFunctions.unsigned(x), ScalarFunctions.unsigned(y));
                default -> throw new IllegalArgumentException("no arithmetic on " + type.esName());
            };
        } catch (ArithmeticException e) {
            throw EvaluationFailure.arithmetic(e.getMessage());
        }
    }

    private static boolean nonZero(Number y) {
        if (y.doubleValue() == 0) {
            throw EvaluationFailure.arithmetic("/ by zero");
        }
        return true;
    }

    private static BigInteger unsigned(String op, BigInteger x, BigInteger y) {
        BigInteger r = switch (op) {
            case "+" -> x.add(y);
            case "-" -> x.subtract(y);
            case "*" -> x.multiply(y);
            case "/" -> nonZero(y) ? x.divide(y) : null;
            case "%" -> nonZero(y) ? x.mod(y) : null;
            default -> throw new IllegalArgumentException(op);
        };
        if (r.signum() < 0 || r.compareTo(UNSIGNED_MAX) > 0) {
            throw EvaluationFailure.arithmetic("unsigned_long overflow");
        }
        return r;
    }

    private static long dateShift(String op, Object a, Object b) {
        long millis = a instanceof Long l ? l : (Long) b;
        Object span = a instanceof Long ? b : a;
        boolean minus = op.equals("-");
        if (span instanceof Duration d) {
            return Math.addExact(millis, minus ? -d.toMillis() : d.toMillis());
        }
        ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        Period p = (Period) span;
        return (minus ? t.minus(p) : t.plus(p)).toInstant().toEpochMilli();
    }

    /** Unary minus; overflow (negating the smallest value) is a failure. */
    public static Object negate(Object v) {
        try {
            if (v instanceof Integer i) {
                return Math.negateExact(i);
            }
            if (v instanceof Long l) {
                return Math.negateExact(l);
            }
        } catch (ArithmeticException e) {
            throw EvaluationFailure.arithmetic(e.getMessage());
        }
        if (v instanceof Double d) {
            return -d;
        }
        if (v instanceof Duration d) {
            return d.negated();
        }
        if (v instanceof Period p) {
            return p.negated();
        }
        throw EvaluationFailure.illegalArgument("cannot negate " + v);
    }
}
