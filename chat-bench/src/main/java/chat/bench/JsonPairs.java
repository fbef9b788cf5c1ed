package chat.bench;

/**
 * chat-server's JSON protocol with random pairs: every connection asks for a stranger ({@code next}), and says
 * messages in the random chat it is put in. With acks, every {@code say} carries an id, as chat-tui's do, and the
 * server answers each with {@code ok}.
 */
final class JsonPairs implements PairsProtocol {

    private static final String TEXT_FIELD = "\"text\":\"";

    private final boolean acks;

    JsonPairs(boolean acks) {
        this.acks = acks;
    }

    @Override
    public String scenario() {
        return "pairs";
    }

    @Override
    public boolean acks() {
        return acks;
    }

    @Override
    public void begin(Fleet.Member member) {
        member.send("{\"type\":\"next\"}");
    }

    @Override
    public Heard hear(Fleet.Member member, String line) {
        if (line.startsWith("{\"type\":\"message\"")) {
            return Heard.MESSAGE;
        }
        if (line.startsWith("{\"type\":\"ok\"")) {
            return Heard.ACK;
        }
        if (line.startsWith("{\"type\":\"paired\"")) {
            return Heard.PAIRED;
        }
        return Heard.OTHER;
    }

    @Override
    public String say(Fleet.Member member, String text, long index) {
        // The text first: the floor relay copies what follows it up to the end of the line.
        return acks ? "{\"type\":\"say\",\"id\":\"" + index + "\",\"text\":\"" + text + "\"}"
                : "{\"type\":\"say\",\"text\":\"" + text + "\"}";
    }

    @Override
    public int textOffset(String line) {
        int field = line.indexOf(TEXT_FIELD);
        return field < 0 ? -1 : field + TEXT_FIELD.length();
    }
}
