package dev.weft.internal;

import java.lang.System.Logger.Level;

/**
 * Chooses the backend once per JVM: the continuation backend when {@code jdk.internal.vm} is exported
 * to Weft, else a clear error naming the flag. The system property {@code weft.backend}
 * ({@code continuation}) forces a choice. Not public API.
 */
final class Kernels {
    static final String FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final Object CHOSEN = choose(); // a Kernel, or the message saying why there is none

    static Kernel get() {
        if (CHOSEN instanceof Kernel k) {
            return k;
        }
        throw new IllegalStateException((String) CHOSEN);
    }

    private Kernels() {}

    private static Object choose() {
        String wanted = System.getProperty("weft.backend", "auto");
        switch (wanted) {
            case "auto", "continuation" -> {
                if (ContinuationKernel.accessible()) {
                    return new ContinuationKernel();
                }
                String msg = "Weft needs the JVM flag " + FLAG
                        + " (in a jar manifest: 'Add-Exports: java.base/jdk.internal.vm'); add it to the java command line";
                System.getLogger("dev.weft").log(Level.ERROR, msg);
                return msg;
            }
            default -> {
                return "weft.backend=" + wanted + " is not a backend (expected: continuation)";
            }
        }
    }
}
