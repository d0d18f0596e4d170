package dev.weft.bench;

import dev.weft.Task;
import dev.weft.Weft;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * How many words of stack each suspended task's frozen chunk holds: the frames Weft and the body keep
 * at a suspension (docs/design.md, section 5). Each round spawns N tasks that sleep once, lets them all
 * suspend, reads the used part of each task's last stack chunk ({@code StackChunk.bottom - sp}) and
 * prints how many tasks had each size; round 0 is cold, later rounds show what the JIT settled on.
 * With {@code classes} above 1 the tasks' bodies are that many lambda classes in turn, as in a program
 * with many kinds of task (the task start is then megamorphic and C2 inlines no body into it).
 *
 * <p>Run: {@code ./weft java --add-opens java.base/jdk.internal.vm=ALL-UNNAMED -cp
 * weft-bench/target/weft-bench.jar dev.weft.bench.ChunkWords [N [rounds [classes]]]} (defaults 20000 10 1).
 * It reads private fields of the JDK's continuation and of {@code Task} by reflection: a probe, not an API.
 */
public final class ChunkWords {
    private ChunkWords() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int classes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Field co = Task.class.getDeclaredField("co");
        co.setAccessible(true);
        Field tail = Class.forName("jdk.internal.vm.Continuation").getDeclaredField("tail");
        tail.setAccessible(true);
        Class<?> chunk = Class.forName("jdk.internal.vm.StackChunk");
        Field sp = chunk.getDeclaredField("sp");
        Field bottom = chunk.getDeclaredField("bottom");
        sp.setAccessible(true);
        bottom.setAccessible(true);
        Duration d = Duration.ofMillis(5);
        Weft.run(() -> {
            for (int r = 0; r < rounds; r++) {
                List<Task<Void>> tasks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    switch (i % classes) { // four distinct lambda classes at most
                        case 0 -> tasks.add(Weft.spawn(() -> { Weft.sleep(d); }));
                        case 1 -> tasks.add(Weft.spawn(() -> { Weft.sleep(d); }));
                        case 2 -> tasks.add(Weft.spawn(() -> { Weft.sleep(d); }));
                        default -> tasks.add(Weft.spawn(() -> { Weft.sleep(d); }));
                    }
                }
                Weft.yieldNow(); // each task runs to its sleep
                TreeMap<Integer, Integer> words = new TreeMap<>();
                for (Task<Void> t : tasks) {
                    Object c = tail.get(co.get(t));
                    words.merge(c == null ? -1 : bottom.getInt(c) - sp.getInt(c), 1, Integer::sum);
                }
                System.out.println("round " + r + ": words per chunk -> tasks " + words);
                for (Task<Void> t : tasks) {
                    t.await();
                }
            }
        });
    }
}
