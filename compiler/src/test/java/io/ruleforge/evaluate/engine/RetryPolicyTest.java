package io.ruleforge.evaluate.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final RetryPolicy POLICY = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMillis(400), Duration.ofMillis(2000));

    private static Optional<Duration> wait(int attempt, long elapsedMillis, Optional<Duration> retryAfter, double random) {
        return POLICY.nextWait(attempt, Duration.ofMillis(elapsedMillis), retryAfter, () -> random);
    }

    @Test
    void theBackoffDoublesWithEachAttemptUpToItsCeilingJitteredInItsUpperHalf() {
        // ceilings 400, 800, 1600, then capped at 2000 ms; the wait is between half the ceiling and all of it
        assertThat(wait(1, 0, Optional.empty(), 0.0)).contains(Duration.ofMillis(200));
        assertThat(wait(1, 0, Optional.empty(), 0.999)).contains(Duration.ofMillis(400));
        assertThat(wait(2, 0, Optional.empty(), 0.0)).contains(Duration.ofMillis(400));
        assertThat(wait(3, 0, Optional.empty(), 0.0)).contains(Duration.ofMillis(800));
        assertThat(wait(4, 0, Optional.empty(), 0.0)).contains(Duration.ofMillis(1000));
        assertThat(wait(4, 0, Optional.empty(), 0.9999)).contains(Duration.ofMillis(2000));
    }

    @Test
    void noAttemptIsLeftAfterTheLastOne() {
        assertThat(wait(5, 0, Optional.empty(), 0.5)).isEmpty();
    }

    @Test
    void retryAfterLengthensTheWaitButNeverShortensIt() {
        assertThat(wait(1, 0, Optional.of(Duration.ofSeconds(3)), 0.0)).contains(Duration.ofSeconds(3));
        assertThat(wait(3, 0, Optional.of(Duration.ZERO), 0.0)).contains(Duration.ofMillis(800));
    }

    @Test
    void aWaitThatWouldEndBeyondTheBudgetIsNotTaken() {
        assertThat(wait(1, 29_700, Optional.empty(), 0.999)).isEmpty();
        assertThat(wait(1, 29_500, Optional.empty(), 0.0)).contains(Duration.ofMillis(200));
        assertThat(wait(1, 0, Optional.of(Duration.ofSeconds(31)), 0.0)).as("asked to wait past the budget").isEmpty();
    }

    @Test
    void busyStatusesAreRetriedOthersAreAnswers() {
        assertThat(RetryPolicy.retryableStatus(429)).isTrue();
        assertThat(RetryPolicy.retryableStatus(503)).isTrue();
        assertThat(RetryPolicy.retryableStatus(500)).isFalse();
        assertThat(RetryPolicy.retryableStatus(404)).isFalse();
    }
}
