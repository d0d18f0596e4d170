package dev.weft.examples.ps;

import dev.weft.Task;
import dev.weft.Weft;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import javax.management.ObjectName;

/**
 * The program WeftPsTest inspects from outside: a boss task awaiting a napping one. Prints "ready" once
 * its loop's JMX bean is up, and ends when its standard input closes. With "plain": a JVM without Weft.
 */
public final class PsTarget {
    private PsTarget() {}

    static void nap() {
        Weft.sleep(Duration.ofHours(1));
    }

    static void supervise(Task<Void> worker) {
        worker.await();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("plain")) {
            System.out.println("ready");
            System.out.flush();
            System.in.read();
            return;
        }
        Weft.run(() -> {
            Task<Void> napper = Weft.spawn("napper", PsTarget::nap);
            Task<Void> boss = Weft.spawn("boss", () -> supervise(napper));
            ObjectName bean = new ObjectName("dev.weft:type=Loops");
            while (!ManagementFactory.getPlatformMBeanServer().isRegistered(bean)) {
                Weft.sleep(Duration.ofMillis(10)); // Weft's watchdog thread registers it soon after the start
            }
            System.out.println("ready " + Weft.loop().name());
            System.out.flush();
            Weft.toThread(System.in::read); // until the test closes our stdin
            boss.cancel();
            return null;
        });
    }
}
