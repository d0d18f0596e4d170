package dev.weft.examples.net;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.*;

import dev.weft.Weft;
import dev.weft.net.Connection;
import dev.weft.net.Net;
import dev.weft.net.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a network test that hangs fails instead
class ChatServerTest {
    static String line(Connection c) throws Exception {
        return new String(c.reader().readLine(), UTF_8);
    }

    @Test
    void broadcastsToEveryOtherMember() {
        Weft.run(() -> {
            ChatServer chat = new ChatServer();
            Server server = chat.start("127.0.0.1", 0);
            Connection ann = Net.openConnection("127.0.0.1", server.port());
            ann.writer().write("ann\n");
            assertThat(line(ann)).isEqualTo("welcome ann, here: []\n");
            Connection bob = Net.openConnection("127.0.0.1", server.port());
            bob.writer().write("bob\n");
            assertThat(line(bob)).isEqualTo("welcome bob, here: [ann]\n");
            assertThat(line(ann)).isEqualTo("* bob joined\n");
            Connection cy = Net.openConnection("127.0.0.1", server.port());
            cy.writer().write("cy\n");
            assertThat(line(cy)).isEqualTo("welcome cy, here: [ann, bob]\n");
            assertThat(line(ann)).isEqualTo("* cy joined\n");
            assertThat(line(bob)).isEqualTo("* cy joined\n");

            ann.writer().write("hi all\n");
            assertThat(line(bob)).isEqualTo("ann: hi all\n");
            assertThat(line(cy)).isEqualTo("ann: hi all\n");
            assertThat(chat.members()).containsExactly("ann", "bob", "cy");

            bob.close();
            assertThat(line(ann)).isEqualTo("* bob left\n");
            assertThat(line(cy)).isEqualTo("* bob left\n");
            cy.writer().write("bye\n");
            assertThat(line(ann)).isEqualTo("cy: bye\n");

            Connection dup = Net.openConnection("127.0.0.1", server.port());
            dup.writer().write("ann\n");
            assertThat(line(dup)).startsWith("name taken");
            assertThat(dup.reader().readLine()).isEmpty(); // the server closed it

            ann.close();
            cy.close();
            dup.close();
            server.close();
            server.waitClosed();
            assertThat(chat.members()).isEmpty();
        });
    }
}
