package chat.server.chat;

import chat.server.limits.Rate;
import chat.server.limits.SharedCounts;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Every rate limit of a server, one {@link RequestLimit} per {@link Kind} of request. Settings name a limit and a
 * scope, {@code report.address}, and give it a {@link Rate} (or none: unlimited in that scope). Which request takes
 * from which kind is decided in one table in the session layer; what each kind counts is said here.
 */
public final class RateLimits {

    /** The kinds of requests that are limited, by what they cost others. */
    public enum Kind {
        /** Messages, files shared: stored and fanned out to a conversation. */
        MESSAGE("messages"),
        /** Typing indicators, any state: fanned out. Over the limit they are dropped quietly. */
        TYPING("typing indicators"),
        /** Joining and leaving rooms and chats: announced to the others. */
        MEMBERSHIP("joins and parts"),
        /** Room topics: stored and announced. */
        TOPIC("topic changes"),
        /** Away and back, visibility, anon: how others see the account. */
        AWAY("presence changes"),
        /** Rooms created (joining a room that does not exist yet). */
        ROOM_CREATE("new rooms"),
        /** Reports to the operator: stored with their evidence. */
        REPORT("reports"),
        /** Blocks, unblocks, keeping a stranger: stored, and a block or keep reaches the other side. */
        CONTACTS("contact changes"),
        /** Asking for random strangers (and skipping them): the pairing queue's work. */
        NEXT("requests for strangers"),
        /** New account names looked up (whois, @name, blocks): what tells whether a name exists. */
        NAME_LOOKUP("look-ups of new names"),
        /** Lists and look-ups: history, rooms, who, whois, inbox, blocks. */
        QUERY("look-ups"),
        /** Read marks: stored. Over the limit they are dropped quietly; a later one covers them. */
        READ("read marks"),
        /** Uploads started: disk and a message. */
        UPLOAD("uploads"),
        /** Account requests: register, log in, resume, passwords, delete. Each may cost a bcrypt hash. */
        ACCOUNT("account requests");

        private final String what;
        private final String settingName = name().toLowerCase(Locale.ROOT).replace('_', '-');

        Kind(String what) {
            this.what = what;
        }

        /** The name in settings, {@code room-create}. */
        public String settingName() {
            return settingName;
        }
    }

    private final Map<Kind, RequestLimit> limits = new EnumMap<>(Kind.class);

    /**
     * @param rates rates by setting name ({@code kind.scope}); a name left out has no limit in that scope
     * @throws IllegalArgumentException for a name that is no kind and scope
     */
    public RateLimits(Map<String, Rate> rates, LongSupplier nanoClock) {
        this(rates, nanoClock, SharedCounts.ALONE);
    }

    /**
     * Limits whose address and account scopes count what every node of a cluster admitted ({@code shared}); the
     * connection and server scopes stay this node's.
     */
    public RateLimits(Map<String, Rate> rates, LongSupplier nanoClock, SharedCounts shared) {
        checkNames(rates.keySet());
        for (Kind kind : Kind.values()) {
            Rate[] byScope = new Rate[RequestLimit.Scope.values().length];
            for (RequestLimit.Scope scope : RequestLimit.Scope.values()) {
                byScope[scope.ordinal()] = rates.get(settingName(kind, scope));
            }
            RequestLimit limit = new RequestLimit(kind.what, connectionSlot(kind), byScope, nanoClock);
            limit.share(shared, "limit:" + kind.settingName() + ":");
            limits.put(kind, limit);
        }
    }

    /** Kinds whose per-connection buckets the connection keeps itself: the ones asked for with every message. */
    static final int CONNECTION_SLOTS = 2;

    /** Where a connection keeps its own bucket for {@code kind}, or -1 when the kind's limiter keeps them all. */
    private static int connectionSlot(Kind kind) {
        return switch (kind) {
            case MESSAGE -> 0;
            case TYPING -> 1;
            default -> -1;
        };
    }

    /** The limit for {@code kind}. */
    public RequestLimit of(Kind kind) {
        return limits.get(kind);
    }

    /** Forgets a connection that closed. */
    public void forget(Chatter chatter) {
        for (RequestLimit limit : limits.values()) {
            limit.forget(chatter);
        }
    }

    /** The setting name of a kind in a scope: {@code report.address}. */
    public static String settingName(Kind kind, RequestLimit.Scope scope) {
        return kind.settingName() + "." + scope.wireName();
    }

    /** Every valid setting name, in order. */
    public static Map<String, Kind> settingNames() {
        Map<String, Kind> names = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            for (RequestLimit.Scope scope : RequestLimit.Scope.values()) {
                names.put(settingName(kind, scope), kind);
            }
        }
        return names;
    }

    /** @throws IllegalArgumentException for a name that is no kind and scope */
    public static void checkNames(Iterable<String> names) {
        Map<String, Kind> valid = settingNames();
        for (String name : names) {
            if (!valid.containsKey(name)) {
                throw new IllegalArgumentException("no rate limit is called " + name + " (kinds: "
                        + String.join(", ", java.util.Arrays.stream(Kind.values()).map(Kind::settingName).toList())
                        + "; scopes: connection, address, account, server)");
            }
        }
    }
}
