package chat.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameSkeletonTest {

    @ParameterizedTest
    @CsvSource({
        "aIice1, alice1", "AIice, alice", "Ian, lan", "paypa1, paypal", "bi11, bill", "g00gle, google",
        "GOOGLE, g0ogle", "rnicrosoft, microsoft", "MAX, rnax", "vvalter, walter", "clave, dave", "b_o-b, b_o-b",
        "\u0430lice, alice",          // Cyrillic a
        "\u0440\u0430yp\u0430l, paypal", // Cyrillic r (looks like p) and a
        "\u039Fscar, oscar",          // Greek capital omicron
        "jos\u00E9, jose", "jose\u0301, jos\u00E9"})
    void namesThatLookTheSameHaveOneSkeleton(String a, String b) {
        assertThat(NameSkeleton.of(a)).isEqualTo(NameSkeleton.of(b));
        assertThat(NameSkeleton.confusable(a, b)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"alice, alice2", "bob, rob", "alice, alioe", "sam, sarn2", "ann, arm", "bill, bell", "mike, nike"})
    void namesThatLookDifferentDoNot(String a, String b) {
        assertThat(NameSkeleton.confusable(a, b)).isFalse();
    }
}
