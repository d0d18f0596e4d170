package dev.weft.examples.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.net.GroupServer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class GroupEchoTest {
    @ParameterizedTest
    @EnumSource(value = GroupServer.Strategy.class, names = {"AUTO", "ACCEPTOR"})
    void everyServerLoopServesSomeConnectionsAndEchoes(GroupServer.Strategy strategy) throws Exception {
        GroupEcho.Report r = GroupEcho.run(2, strategy, 40, 2, Duration.ofMillis(200));
        assertThat(r.roundTrips()).isPositive();
        assertThat(r.connectionsPerLoop()).hasSize(2);
        assertThat(Arrays.stream(r.connectionsPerLoop()).sum()).isEqualTo(40);
        assertThat(Arrays.stream(r.connectionsPerLoop()).min().orElseThrow()).isPositive();
        assertThat(r.strategy()).isNotEqualTo(GroupServer.Strategy.AUTO);
    }
}
