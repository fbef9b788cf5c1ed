package chat.server;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the JVM running the server was given: its heap bound and collector, said once at start. A jar cannot choose
 * these for itself (the JVM is sized before any of its code runs), so scripts/chat-server passes the options the
 * server is measured with (docs/PERFORMANCE.md, "JVM options"); a server started by hand without a heap bound is
 * told what that means, since the JVM's default lets the heap grow to a quarter of the machine's memory under load.
 */
final class JvmSettings {

    private JvmSettings() {
    }

    /** {@code JVM: heap 32-512 MB, collectors Copy, MarkSweepCompact}. */
    static String describe() {
        Runtime runtime = Runtime.getRuntime();
        String collectors = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "JVM %s: heap %d-%d MB, collectors %s", Runtime.version(),
                runtime.totalMemory() >> 20, runtime.maxMemory() >> 20, collectors);
    }

    /** Whether the heap was bounded on the command line (or in JAVA_TOOL_OPTIONS, which the JVM reads as such). */
    static boolean heapBounded(List<String> jvmArguments) {
        for (String argument : jvmArguments) {
            if (argument.startsWith("-Xmx") || argument.startsWith("-XX:MaxHeapSize=")
                    || argument.startsWith("-XX:MaxRAMPercentage=") || argument.startsWith("-XX:MaxRAM=")) {
                return true;
            }
        }
        return false;
    }

    /** The notice for a server whose heap is not bounded, or null when it is. */
    static String unboundedNotice() {
        if (heapBounded(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            return null;
        }
        return String.format(Locale.ROOT, "the JVM was started without a heap bound: its heap may grow to %d MB under"
                + " load and keep it; scripts/chat-server starts the server with a bounded heap and the serial collector"
                + " (see docs/PERFORMANCE.md, \"JVM options\", to start it by hand the same way)",
                Runtime.getRuntime().maxMemory() >> 20);
    }
}
