package dev.weft;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Registers {@link LoopsMXBean} and one {@link EventLoopMXBean} per live loop with the platform MBean
 * server. Runs on the watchdog thread only (see Watchdog's overview). {@code -Dweft.jmx=false} turns it
 * off; a runtime without java.management turns it off by itself.
 */
final class LoopMBeans {
    private static final Logger LOG = System.getLogger("dev.weft");
    private static boolean disabled = "false".equalsIgnoreCase(System.getProperty("weft.jmx"));
    private static final Map<String, PerLoop> REGISTERED = new HashMap<>(); // by loop name
    private static javax.management.MBeanServer server;

    private LoopMBeans() {}

    /** Brings the registered beans in line with the live loops. Watchdog thread only. */
    static void sync(List<EventLoop> live) {
        if (disabled || (live.isEmpty() && REGISTERED.isEmpty())) {
            return;
        }
        try {
            if (server == null) {
                server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                javax.management.ObjectName n = new javax.management.ObjectName(LoopsMXBean.OBJECT_NAME);
                if (!server.isRegistered(n)) {
                    server.registerMBean(new javax.management.StandardMBean(new Loops(), LoopsMXBean.class, true), n);
                }
            }
            for (Iterator<Map.Entry<String, PerLoop>> it = REGISTERED.entrySet().iterator(); it.hasNext();) {
                PerLoop b = it.next().getValue();
                EventLoop loop = b.loop.get();
                if (loop == null || loop.isClosed()) {
                    it.remove();
                    if (server.isRegistered(b.name)) {
                        server.unregisterMBean(b.name);
                    }
                }
            }
            for (EventLoop loop : live) {
                if (!REGISTERED.containsKey(loop.name())) {
                    PerLoop b = new PerLoop(loop);
                    server.registerMBean(new javax.management.StandardMBean(b, EventLoopMXBean.class, true), b.name);
                    REGISTERED.put(loop.name(), b);
                }
            }
        } catch (javax.management.JMException | LinkageError | SecurityException e) {
            disabled = true;
            LOG.log(Level.WARNING, "Weft's JMX beans are off: they could not be registered", e);
        }
    }

    /** The per-loop bean; holds its loop weakly, so that a loop nobody closed can still be collected. */
    static final class PerLoop implements EventLoopMXBean {
        final WeakReference<EventLoop> loop;
        final javax.management.ObjectName name;

        PerLoop(EventLoop loop) throws javax.management.MalformedObjectNameException {
            this.loop = new WeakReference<>(loop);
            this.name = new javax.management.ObjectName("dev.weft:type=EventLoop,name=" + loop.name());
        }

        private EventLoop loop() {
            EventLoop l = loop.get();
            if (l == null) {
                throw new IllegalStateException(name + ": the loop is gone");
            }
            return l;
        }

        @Override
        public String getName() {
            return loop().name();
        }

        @Override
        public String getState() {
            EventLoop l = loop();
            return l.isClosed() ? "closed" : l.isRunning() ? "running" : "idle";
        }

        @Override
        public String getThread() {
            Thread t = loop().runningThread();
            return t == null ? "" : t.getName();
        }

        @Override
        public int getTaskCount() {
            return Task.countOf(loop());
        }

        @Override
        public int getReadyCount() {
            return loop().readyCount();
        }

        @Override
        public int getTimerCount() {
            return loop().timerCount();
        }

        @Override
        public long getIterations() {
            return loop().iterations();
        }

        @Override
        public long getSlowSteps() {
            return loop().slowSteps();
        }

        @Override
        public long getBlockedLoopWarnings() {
            return loop().watch.warnings;
        }

        @Override
        public long getBlockedLoopThresholdMillis() {
            return loop().blockedLoopThreshold().toMillis();
        }

        @Override
        public void setBlockedLoopThresholdMillis(long millis) {
            loop().setBlockedLoopThreshold(Duration.ofMillis(millis));
        }

        @Override
        public boolean isDebug() {
            return loop().isDebug();
        }

        @Override
        public String dumpTasks() {
            return TaskReport.of(loop());
        }
    }

    /** The JVM-wide bean. */
    static final class Loops implements LoopsMXBean {
        @Override
        public String[] getLoopNames() {
            return Watchdog.loops().stream().map(EventLoop::name).toArray(String[]::new);
        }

        @Override
        public String dumpTasks() {
            List<EventLoop> loops = Watchdog.loops();
            if (loops.isEmpty()) {
                return "no live event loop\n";
            }
            StringBuilder sb = new StringBuilder();
            for (EventLoop l : loops) {
                sb.append(TaskReport.of(l)).append('\n');
            }
            return sb.toString();
        }

        @Override
        public String dumpLoop(String loopName) {
            List<String> names = new ArrayList<>();
            for (EventLoop l : Watchdog.loops()) {
                if (l.name().equals(loopName)) {
                    return TaskReport.of(l);
                }
                names.add(l.name());
            }
            throw new IllegalArgumentException("no live event loop named '" + loopName + "'"
                    + (names.isEmpty() ? "; none runs" : "; the live ones: " + String.join(", ", names)));
        }
    }
}
