package chat.server.admin;

import chat.core.model.UserName;
import chat.server.chat.GuestHandles;
import chat.server.store.BanStore;

/**
 * What the operator named in {@code ban} or {@code unban}: an account name or a range of addresses, in the form the
 * ban is stored under (the name's key, the canonical network).
 *
 * @param range the addresses, or null for a name
 */
public record BanTarget(BanStore.Kind kind, String key, AddressRange range) {

    /**
     * Reads the operator's word.
     *
     * @throws IllegalArgumentException with a sentence for the operator when it is neither a name nor an address
     */
    public static BanTarget parse(String text) {
        if (AddressRange.looksLikeAddress(text)) {
            AddressRange range = AddressRange.parse(text);
            return new BanTarget(BanStore.Kind.ADDRESS, range.toString(), range);
        }
        if (GuestHandles.isHandle(text)) {
            throw new IllegalArgumentException("a guest handle changes with every connection and cannot be banned;"
                    + " ban its address (chat-server who shows it), or kick it");
        }
        String problem = UserName.problemWith(text);
        if (problem != null) {
            throw new IllegalArgumentException("neither an address nor an account name (" + problem + ")");
        }
        return new BanTarget(BanStore.Kind.NAME, new UserName(text).key(), null);
    }

    /** The target of a stored ban. */
    public static BanTarget of(BanStore.Ban ban) {
        return ban.kind() == BanStore.Kind.NAME ? new BanTarget(ban.kind(), ban.target(), null)
                : new BanTarget(ban.kind(), ban.target(), AddressRange.parse(ban.target()));
    }
}
