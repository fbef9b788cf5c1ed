package chat.tui.config;

/**
 * A login the client remembers between runs: which server, as whom, and the session token that resumes it. Never
 * the password.
 */
public record SavedSession(String server, String name, String token, long expires) {

    @Override
    public String toString() {
        return "SavedSession[server=" + server + ", name=" + name + ", token=<hidden>]";
    }
}
