package chat.server.chat;

import chat.core.wire.ServerFrame;

/** {@link Delivery} inside one process: the devices are this server's connections. Loop thread only. */
public final class LocalDelivery implements Delivery {

    private final OnlineUsers online;

    public LocalDelivery(OnlineUsers online) {
        this.online = online;
    }

    @Override
    public void toAccount(long accountId, ServerFrame frame, Chatter except, Chatter sender) {
        for (Chatter device : online.devicesOf(accountId)) {
            if (device != except && (sender == null || !device.blocks(sender))) {
                device.send(frame);
            }
        }
    }

    @Override
    public void toConnection(Chatter chatter, ServerFrame frame) {
        chatter.send(frame);
    }

    @Override
    public boolean isOnline(long accountId) {
        return !online.devicesOf(accountId).isEmpty();
    }
}
