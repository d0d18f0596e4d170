package dev.weft;

import java.time.Duration;
import java.util.List;

/** Run by {@link NoFlagTest} in a JVM without Weft's flag. */
public final class NoFlagMain {
    private NoFlagMain() {}

    public static void main(String[] args) {
        List<String> r = Weft.run(() -> {
            Task<String> a = Weft.spawn(() -> {
                Weft.sleep(Duration.ofMillis(10));
                return "a";
            });
            var g = dev.weft.gen.Generator.<String, Object>of(y -> y.yield("g"));
            return List.of(a.await(), g.next());
        });
        System.out.println("backend=" + Weft.backend() + " result=" + r);
    }
}
