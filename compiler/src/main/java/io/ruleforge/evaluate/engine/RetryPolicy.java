package io.ruleforge.evaluate.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long an engine call keeps trying when the cluster is busy (HTTP 429, 502, 503, 504) or a connection fails:
 * exponential backoff with jitter, bounded both by a number of attempts and by the total time spent, honouring the
 * cluster's {@code Retry-After}.
 *
 * @param maxAttempts    attempts in all, the first included (1 = no retry)
 * @param budget         the longest a call may take from its first attempt, waits included
 * @param initialBackoff the wait before the second attempt, doubled for each further one
 * @param maxBackoff     the longest single wait the backoff reaches
 */
public record RetryPolicy(int maxAttempts, Duration budget, Duration initialBackoff, Duration maxBackoff) {

    /** Four attempts within 60 s, waiting about 0.5 s, 1 s, 2 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("retry attempts must be at least 1, found " + maxAttempts);
        }
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (budget.isNegative() || initialBackoff.isNegative() || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("retry durations cannot be negative");
        }
    }

    /** The same budget with {@code attempts} attempts in all. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(attempts, budget, initialBackoff, maxBackoff);
    }

    /** The same attempts within {@code total}. */
    public RetryPolicy withBudget(Duration total) {
        return new RetryPolicy(maxAttempts, total, initialBackoff, maxBackoff);
    }

    /** HTTP statuses that say "busy, try again": too many requests, and a gateway or node not ready. */
    public static boolean retryableStatus(int status) {
        return status == 429 || status == 502 || status == 503 || status == 504;
    }

    /**
     * The wait before attempt {@code attempt + 1}, or empty when no attempt is left within the budget.
     *
     * @param attempt    the attempts made so far (1 after the first)
     * @param elapsed    time since the first attempt began
     * @param retryAfter the wait the cluster asked for, if it did
     * @param random     a uniform value in [0, 1): jitter spreads the retries of parallel calls apart
     */
    public Optional<Duration> nextWait(int attempt, Duration elapsed, Optional<Duration> retryAfter, DoubleSupplier random) {
        if (attempt >= maxAttempts) {
            return Optional.empty();
        }
        long ceiling = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 30));
        // "equal jitter": at least half the backoff, so waits still grow, at most all of it
        long backoff = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2 + 1));
        long wait = Math.max(backoff, retryAfter.map(Duration::toMillis).orElse(0L));
        if (elapsed.toMillis() + wait > budget.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(wait));
    }
}
