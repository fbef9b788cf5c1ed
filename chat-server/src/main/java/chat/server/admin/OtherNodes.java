package chat.server.admin;

import java.io.IOException;
import java.util.List;

/**
 * The other nodes of a cluster, as an operator command reaches them: a kick, a ban or {@code who} given to one node's
 * admin socket is carried out by every node on its own connections. A server alone has no others.
 */
public interface OtherNodes {

    /** No other node: a server on its own. */
    OtherNodes NONE = new OtherNodes() {
        @Override
        public List<String> ask(String verb, List<String> arguments) {
            return List.of();
        }

        @Override
        public String thisNode() {
            return "";
        }
    };

    /**
     * Asks every other node to carry out {@code verb} with {@code arguments} on its own connections
     * ({@link LiveServer#answerForOtherNode}) and returns their answers, one per node that answered in time. Called on
     * the admin thread, which may wait.
     *
     * @throws IOException when the other nodes cannot be asked (the bus is down)
     */
    List<String> ask(String verb, List<String> arguments) throws IOException;

    /** This node's name as {@code who} shows it; empty for a server alone. */
    String thisNode();
}
