package chat.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "Alice", "bob_the-2nd", "x234567890123456789z"})
    void validNames(String name) {
        assertThat(UserName.problemWith(name)).isNull();
        assertThat(new UserName(name).key()).isEqualTo(name.toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "x2345678901234567890z", "1abc", "_abc", "a b", "a.b", "guest-1", "GUEST",
            "Admin", "émile", "名前です"})
    void invalidNames(String name) {
        assertThat(UserName.problemWith(name)).isNotBlank();
        assertThatThrownBy(() -> new UserName(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordRules() {
        assertThat(PasswordRules.problemWith("1234567")).contains("at least 8");
        assertThat(PasswordRules.problemWith("12345678")).isNull();
        assertThat(PasswordRules.problemWith("密码密码密码密码")).isNull();
        assertThat(PasswordRules.problemWith("é".repeat(37))).contains("72 bytes");
        assertThat(PasswordRules.problemWith("        ")).contains("spaces");
    }
}
