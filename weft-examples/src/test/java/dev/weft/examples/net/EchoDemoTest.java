package dev.weft.examples.net;

import static org.assertj.core.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a network test that hangs fails instead
class EchoDemoTest {
    @Test
    void manyClientsOneThreadEveryByteChecked() {
        int clients = Math.min(1000, EchoDemo.fdBudget() / 2);
        EchoDemo.Stats s = EchoDemo.run(clients, 5);
        assertThat(s.connections()).isEqualTo(clients);
        assertThat(s.messages()).isEqualTo(5L * clients);
        assertThat(s.bytesChecked()).isPositive();
        assertThat(s.threads()).hasSize(1);
    }

    @Test
    void sectionPrints() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        new EchoDemo().run(new PrintStream(buf, true));
        assertThat(buf.toString()).contains("connections handled").contains("threads that ran");
    }
}
