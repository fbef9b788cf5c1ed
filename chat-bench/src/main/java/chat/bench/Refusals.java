package chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the server refused, by code: error codes ({@code rate_limited}, {@code busy}), the plain-text refusals of a
 * connection ({@code too_many_connections}), goodbyes ({@code bye:line_timeout}) and {@code cut} for a
 * connection the server closed. Not thread-safe: one per recording thread.
 */
final class Refusals {

    /** A connection the server closed without a goodbye. */
    static final String CUT = "cut";

    private final Map<String, Long> counts = new TreeMap<>();

    void add(String code) {
        counts.merge(code, 1L, Long::sum);
    }

    /**
     * Counts {@code line} if it is a refusal (an {@code error} frame, a {@code bye}, a {@code ! code: ...} line)
     * and says whether it was one.
     */
    boolean count(String line) {
        if (Wire.is(line, "error")) {
            add(String.valueOf(Wire.field(line, "code")));
            return true;
        }
        if (Wire.is(line, "bye")) {
            add("bye:" + Wire.field(line, "reason"));
            return true;
        }
        if (line.startsWith("! ") && line.indexOf(':') > 2) {
            add(line.substring(2, line.indexOf(':')));
            return true;
        }
        return false;
    }

    long total() {
        long total = 0;
        for (long count : counts.values()) {
            total += count;
        }
        return total;
    }

    /** The counts, most frequent first: {@code rate_limited 41200, cut 3}, or {@code none}. */
    String describe(int most) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < entries.size() && i < most; i++) {
            text.append(i == 0 ? "" : ", ").append(entries.get(i).getKey()).append(' ')
                    .append(entries.get(i).getValue());
        }
        if (entries.size() > most) {
            text.append(", ...");
        }
        return text.length() == 0 ? "none" : text.toString();
    }

    /** The counts as a JSON object. */
    String json() {
        StringBuilder json = new StringBuilder("{");
        counts.forEach((code, count) -> json.append(json.length() > 1 ? "," : "").append('"').append(code)
                .append("\":").append(count));
        return json.append('}').toString();
    }
}
