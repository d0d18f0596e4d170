package dev.weft.examples.net;

import static org.assertj.core.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a network test that hangs fails instead
class DownloaderDemoTest {
    @Test
    void concurrentIsFasterAndBounded() {
        DownloaderDemo.Result r = DownloaderDemo.run(30, 10, Duration.ofMillis(50));
        assertThat(r.bytes()).isEqualTo(2L * 30 * TinyHttp.SIZE);
        assertThat(r.peakInFlight()).isEqualTo(10);
        // 30 sequential answers take at least 1.5 s; 3 waves of 10 about 0.15 s. Asserting a loose
        // bound only: this is a demo check, not a benchmark.
        assertThat(r.sequentialSeconds()).isGreaterThanOrEqualTo(1.5);
        assertThat(r.speedUp()).isGreaterThan(2.0);
    }
}
