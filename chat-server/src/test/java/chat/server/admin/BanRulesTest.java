package chat.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import chat.server.store.BanStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What a ban covers and for how long: address ranges, targets, durations, the in-memory list; no sockets needed. */
class BanRulesTest {

    @Test
    void addressRangesAreReadIntoTheirCanonicalForm() {
        assertThat(AddressRange.parse("192.0.2.7")).hasToString("192.0.2.7");
        assertThat(AddressRange.parse("192.0.2.7/24")).hasToString("192.0.2.0/24");
        assertThat(AddressRange.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThat(AddressRange.parse("2001:db8:1:2:3:4:5:6")).hasToString("2001:db8:1:2::/64");
        assertThat(AddressRange.parse("2001:DB8::/32")).hasToString("2001:db8:0:0::/32");
        assertThat(AddressRange.parse("::ffff:192.0.2.7")).hasToString("192.0.2.7");
        assertThat(AddressRange.parse(AddressRange.parse("2001:db8::1").toString()))
                .isEqualTo(AddressRange.parse("2001:db8::1"));
    }

    @Test
    void badRangesAreRefusedWithoutAskingDns() {
        for (String bad : List.of("256.1.1.1", "1.2.3", "1.2.3.4/33", "1.2.3.4/0", "1.2.3.4/x", "2001:db8::/65",
                "2001:db8::/0", "2001:db8:::1", "1.2.3.4:80", "fe80::1%eth0", "example.com")) {
            assertThatThrownBy(() -> AddressRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRangeContainsItsAddressesOnly() throws UnknownHostException {
        AddressRange network = AddressRange.parse("198.51.100.0/24");
        assertThat(network.contains(address("198.51.100.1"))).isTrue();
        assertThat(network.contains(address("198.51.100.255"))).isTrue();
        assertThat(network.contains(address("198.51.101.0"))).isFalse();
        AddressRange subscriber = AddressRange.parse("2001:db8:1:2::99");
        assertThat(subscriber.contains(address("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(subscriber.contains(address("2001:db8:1:3::1"))).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/1").contains(address("::1"))).isFalse(); // another family
    }

    @Test
    void aTargetIsANameOrAnAddress() {
        assertThat(BanTarget.parse("Alice")).isEqualTo(new BanTarget(BanStore.Kind.NAME, "alice", null));
        assertThat(BanTarget.parse("fe80::1").kind()).isEqualTo(BanStore.Kind.ADDRESS);
        assertThat(BanTarget.parse("10.0.0.1").key()).isEqualTo("10.0.0.1");
        assertThatThrownBy(() -> BanTarget.parse("guest-1234")).hasMessageContaining("ban its address");
        assertThatThrownBy(() -> BanTarget.parse("a b")).hasMessageContaining("neither an address nor");
    }

    @Test
    void durationsAreReadAndTheRestIsAReason() {
        assertThat(BanDuration.millis("30m")).isEqualTo(30 * 60_000L);
        assertThat(BanDuration.millis("2h")).isEqualTo(2 * 3_600_000L);
        assertThat(BanDuration.millis("7d")).isEqualTo(7 * 86_400_000L);
        assertThat(BanDuration.millis("2W")).isEqualTo(14 * 86_400_000L);
        assertThat(BanDuration.millis("permanent")).isNull();
        assertThat(BanDuration.isDuration("spam")).isFalse();
        assertThat(BanDuration.isDuration("10")).isFalse();
        assertThatThrownBy(() -> BanDuration.millis("0d")).hasMessageContaining("not a duration");
    }

    @Test
    void theListFindsTheBanOfAnyPrefixUntilItEnds() throws UnknownHostException {
        AtomicLong now = new AtomicLong(1_000);
        BanList bans = new BanList(now::get);
        bans.add(new BanStore.Ban(BanStore.Kind.ADDRESS, "203.0.113.9", "", 0, null));
        bans.add(new BanStore.Ban(BanStore.Kind.ADDRESS, "198.51.100.0/24", "spam", 0, 5_000L));
        bans.add(new BanStore.Ban(BanStore.Kind.ADDRESS, "2001:db8:1:2::/64", "", 0, null));
        bans.add(new BanStore.Ban(BanStore.Kind.NAME, "alice", "", 0, null)); // not the connect check's business

        assertThat(bans.banOf(address("203.0.113.9"))).isNotNull();
        assertThat(bans.banOf(address("203.0.113.10"))).isNull();
        assertThat(bans.banOf(address("2001:db8:1:2::abcd"))).isNotNull();
        assertThat(new String(bans.refusal(address("198.51.100.77")), StandardCharsets.UTF_8))
                .isEqualTo("! banned: connections from your address are banned until 1970-01-01T00:00:05Z: spam\n");

        now.set(5_000);
        assertThat(bans.refusal(address("198.51.100.77"))).isNull();
        bans.remove(AddressRange.parse("203.0.113.9"));
        assertThat(bans.banOf(address("203.0.113.9"))).isNull();
    }

    @Test
    void requestFieldsSurviveTabsNewlinesAndBackslashes() {
        AdminRequest request = AdminRequest.of(AdminRequest.Verb.KICK, "alice", "a\tb\nc\\d\re");
        assertThat(request.encode()).doesNotContain("\n").doesNotContain("\r");
        assertThat(AdminRequest.decode(request.encode())).isEqualTo(request);
        assertThatThrownBy(() -> AdminRequest.decode("kick\talice")).hasMessageContaining("takes 2 arguments");
        assertThatThrownBy(() -> AdminRequest.decode("who\\x")).hasMessageContaining("bad escape");
    }

    private static InetAddress address(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
