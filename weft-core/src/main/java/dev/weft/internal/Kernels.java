package dev.weft.internal;

import java.lang.System.Logger.Level;

/**
 * Chooses the backend once per JVM: the continuation backend when {@code jdk.internal.vm} is exported
 * to Weft, else the portable one, with one WARNING naming the flag. The system property
 * {@code weft.backend} ({@code continuation} or {@code portable}) forces a choice; a forced backend
 * that cannot run fails with a clear message. Not public API.
 */
final class Kernels {
    /**
     * The flag in the form that fits where Weft was loaded from: {@code =dev.weft} on the module path
     * (a named module), {@code =ALL-UNNAMED} on the class path.
     */
    static final String FLAG = "--add-exports java.base/jdk.internal.vm="
            + (Kernels.class.getModule().isNamed() ? Kernels.class.getModule().getName() : "ALL-UNNAMED");
    /** A jar manifest's Add-Exports exports to the class path only, so it helps only there. */
    private static final String MANIFEST = Kernels.class.getModule().isNamed() ? ""
            : " (in a jar manifest: 'Add-Exports: java.base/jdk.internal.vm')";
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
            case "auto" -> {
                if (ContinuationKernel.accessible()) {
                    return new ContinuationKernel();
                }
                System.getLogger("dev.weft").log(Level.WARNING, "Weft runs on its portable backend (virtual threads, "
                        + "slower): add the JVM flag " + FLAG + MANIFEST + " for the fast continuation backend");
                return new PortableKernel();
            }
            case "continuation" -> {
                if (ContinuationKernel.accessible()) {
                    return new ContinuationKernel();
                }
                String msg = "weft.backend=continuation needs the JVM flag " + FLAG + MANIFEST + "; add it to the java command line";
                System.getLogger("dev.weft").log(Level.ERROR, msg);
                return msg;
            }
            case "portable" -> {
                return new PortableKernel();
            }
            default -> {
                return "weft.backend=" + wanted + " is not a backend (expected: continuation or portable)";
            }
        }
    }
}
