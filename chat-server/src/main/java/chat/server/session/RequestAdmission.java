package chat.server.session;

import chat.core.wire.ClientFrame;
import chat.server.chat.Chatter;
import chat.server.chat.RateLimits;
import chat.server.chat.RateLimits.Kind;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which rate limits each client request takes from: the one table to read when asking what a client can make the
 * server do for others, on disk or on the wire. Every {@link ClientFrame} type is listed; the ones with no limit
 * cost nothing beyond their own answer (or are bounded elsewhere: upload chunks by the announced size, downloads by
 * their pool's fair queue). Room creation is limited where rooms are created ({@link chat.server.chat.Rooms}).
 * Loop thread only.
 */
final class RequestAdmission {

    private static final Map<Class<? extends ClientFrame>, Kind[]> KINDS = new HashMap<>();
    /** Kinds whose refusals go unanswered (unless the request asked for an answer with an id). */
    private static final Set<Kind> QUIET = EnumSet.of(Kind.TYPING, Kind.READ);

    static {
        limit(List.of(), ClientFrame.Hello.class, ClientFrame.Ping.class, ClientFrame.Help.class,
                ClientFrame.Quit.class, ClientFrame.UploadChunk.class, ClientFrame.UploadFinish.class,
                ClientFrame.UploadCancel.class, ClientFrame.Download.class, ClientFrame.Logout.class);
        limit(List.of(Kind.MESSAGE), ClientFrame.Say.class);
        limit(List.of(Kind.UPLOAD, Kind.MESSAGE), ClientFrame.UploadStart.class);
        limit(List.of(Kind.TYPING), ClientFrame.Typing.class);
        limit(List.of(Kind.NEXT), ClientFrame.Next.class);
        limit(List.of(Kind.MEMBERSHIP), ClientFrame.Join.class, ClientFrame.Part.class, ClientFrame.Leave.class);
        limit(List.of(Kind.TOPIC), ClientFrame.Topic.class);
        limit(List.of(Kind.AWAY), ClientFrame.Away.class, ClientFrame.Visibility.class, ClientFrame.Anon.class);
        limit(List.of(Kind.REPORT), ClientFrame.Report.class);
        limit(List.of(Kind.CONTACTS), ClientFrame.Block.class, ClientFrame.Unblock.class, ClientFrame.Keep.class);
        limit(List.of(Kind.READ), ClientFrame.Read.class);
        limit(List.of(Kind.QUERY), ClientFrame.History.class, ClientFrame.Focus.class, ClientFrame.Rooms.class,
                ClientFrame.Who.class, ClientFrame.Whois.class, ClientFrame.Conversations.class,
                ClientFrame.Blocks.class);
        limit(List.of(Kind.ACCOUNT), ClientFrame.Register.class, ClientFrame.Login.class, ClientFrame.Resume.class,
                ClientFrame.ChangePassword.class, ClientFrame.ResetPassword.class,
                ClientFrame.DeleteAccount.class);
        for (Class<?> type : ClientFrame.class.getPermittedSubclasses()) {
            if (!KINDS.containsKey(type)) {
                throw new IllegalStateException(type.getSimpleName() + " is not in the admission table");
            }
        }
    }

    @SafeVarargs
    private static void limit(List<Kind> kinds, Class<? extends ClientFrame>... types) {
        for (Class<? extends ClientFrame> type : types) {
            KINDS.put(type, kinds.toArray(new Kind[0]));
        }
    }

    /** Whether {@code frame} is a look-up: it reads the store for an answer and changes nothing. */
    static boolean isQuery(ClientFrame frame) {
        Kind[] kinds = KINDS.get(frame.getClass());
        return kinds.length > 0 && kinds[0] == Kind.QUERY;
    }

    private final RateLimits limits;
    /** How long the last refused request would have had to wait (nanoseconds); 0 after an admitted one. */
    private long lastWaitNanos;

    RequestAdmission(RateLimits limits) {
        this.limits = limits;
    }

    /** How long the last request refused (or dropped) would have had to wait, in nanoseconds. */
    long lastWaitNanos() {
        return lastWaitNanos;
    }

    /**
     * Takes what {@code frame} costs from the sender's limits.
     *
     * @return false when the request is over a quiet limit and is to be dropped without an answer
     * @throws chat.server.chat.ChatException {@code rate_limited} when it is over a limit
     */
    boolean admit(Session session, ClientFrame frame) {
        Kind[] kinds = KINDS.get(frame.getClass());
        if (kinds.length == 0) {
            return true;
        }
        Chatter chatter = session.chatter();
        long now = limits.of(kinds[0]).now(); // one clock read for every limit of the request
        long wait = 0;
        Kind limiting = null;
        for (Kind kind : kinds) {
            long kindWait = limits.of(kind).waitNanos(chatter, now);
            if (kindWait > wait) {
                wait = kindWait;
                limiting = kind;
            }
        }
        lastWaitNanos = wait;
        if (limiting != null) {
            if (QUIET.contains(limiting) && frame.id() == null) {
                return false;
            }
            throw limits.of(limiting).refusal(wait);
        }
        for (Kind kind : kinds) {
            limits.of(kind).take(chatter, now);
        }
        return true;
    }
}
