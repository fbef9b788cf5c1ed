package chat.bench;

import java.util.Locale;
import java.util.function.IntFunction;

/** The floods {@code chat-bench flood} knows, with how many attacker connections each uses unless told. */
enum FloodKind {
    HISTORY(100, FloodAttacks.History::new, "one account pipelining history requests (limit 50) on a direct chat"),
    PAIRING(300, FloodAttacks.Pairing::new, "guests re-queueing for random chats with interests (next, leave)"),
    TYPING(300, FloodAttacks.Typing::new, "members of the bystander's room sending typing active/paused/done"),
    ROOMS(100, FloodAttacks.Rooms::new, "guests joining new rooms (#rNNNN) as fast as they can"),
    REPORTS(100, FloodAttacks.Reports::new, "guests reporting their random chat with 60 KB reasons"),
    UPLOADS(50, FloodAttacks.Uploads::new, "guests uploading to their random chat, and to rooms they are not in"),
    LOGINS(100, FloodAttacks.Logins::new, "wrong-password logins and reset_password for unknown names (bcrypt)"),
    LINES(2_000, FloodAttacks.Lines::new, "connections each holding a 60 KB unfinished line");

    private final int defaultConnections;
    private final IntFunction<FloodAttack> attack;
    private final String description;

    FloodKind(int defaultConnections, IntFunction<FloodAttack> attack, String description) {
        this.defaultConnections = defaultConnections;
        this.attack = attack;
        this.description = description;
    }

    /** The name on the command line: {@code history}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    int defaultConnections() {
        return defaultConnections;
    }

    String description() {
        return description;
    }

    /** A fresh attack of this kind with {@code connections} attackers. */
    FloodAttack attack(int connections) {
        return attack.apply(connections);
    }

    /** The kind called {@code name}, or null. */
    static FloodKind named(String name) {
        for (FloodKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
