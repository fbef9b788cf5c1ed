package chat.bench;

/**
 * Reading the few fields a load generator needs straight off the server's JSON lines, without decoding them: the
 * server writes {@code "type"} first and string fields the generator looks for (ids, codes, tokens) never hold
 * escapes, so a search is enough and costs next to nothing at a hundred thousand lines a second.
 */
final class Wire {

    private Wire() {
    }

    /** Whether {@code line} is a JSON frame of {@code type}. */
    static boolean is(String line, String type) {
        return line.startsWith("{\"type\":\"") && line.startsWith(type, 9) && line.startsWith("\"", 9 + type.length());
    }

    /** The string value of field {@code name}, or null when the line has none. */
    static String field(String line, String name) {
        String key = "\"" + name + "\":\"";
        int start = line.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        int end = line.indexOf('"', start);
        return end < 0 ? null : line.substring(start, end);
    }

    /** The whole-number value of field {@code name}, or -1 when the line has none. */
    static long number(String line, String name) {
        String key = "\"" + name + "\":";
        int start = line.indexOf(key);
        if (start < 0) {
            return -1;
        }
        start += key.length();
        int end = start;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return end == start ? -1 : Long.parseLong(line, start, end, 10);
    }

    /**
     * The number after {@code prefix} in the request id a line answers ({@code "re":"a123"} with prefix {@code a}
     * gives 123), or -1 when the line answers no such id.
     */
    static long answered(String line, char prefix) {
        int re = line.indexOf("\"re\":\"");
        if (re < 0 || re + 6 >= line.length() || line.charAt(re + 6) != prefix) {
            return -1;
        }
        int start = re + 7;
        int end = start;
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return end == start || end == line.length() || line.charAt(end) != '"' ? -1
                : Long.parseLong(line, start, end, 10);
    }
}
