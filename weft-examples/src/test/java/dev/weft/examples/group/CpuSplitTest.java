package dev.weft.examples.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.LoopGroup;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class CpuSplitTest {
    @Test
    void theChunksAddUpAndAreSpreadEvenly() throws Exception {
        try (LoopGroup group = new LoopGroup(2)) {
            CpuSplit.Report r = CpuSplit.countPrimes(group, 1_000_000, 16, Duration.ofMillis(1));
            assertThat(r.primes()).isEqualTo(78_498); // pi(10^6)
            assertThat(r.chunksPerLoop()).containsExactly(8, 8);
            assertThat(Arrays.stream(r.beatsPerLoop()).sum()).isPositive();
        }
    }

    @Test
    void everyLoopKeepsBeatingWhileItCountsPrimes() throws Exception {
        // One loop, so the heartbeat shares it with every chunk: it can only beat between slices.
        try (LoopGroup group = new LoopGroup(1)) {
            CpuSplit.Report r = CpuSplit.countPrimes(group, 1_000_000, 4, Duration.ofMillis(1));
            assertThat(r.primes()).isEqualTo(78_498);
            assertThat(r.beatsPerLoop()[0]).as("heartbeats served during the job").isGreaterThan(1);
        }
    }

    @Test
    void primalityOfSmallNumbers() {
        assertThat(java.util.stream.IntStream.range(0, 30).filter(CpuSplit::isPrime).boxed().toList())
                .containsExactly(2, 3, 5, 7, 11, 13, 17, 19, 23, 29);
        assertThat(dev.weft.Weft.run(() -> CpuSplit.countRange(0, 100))).isEqualTo(25); // it may yield: a task
    }
}
