package io.doorlock.gatewaybase.connection;

/** What a gateway does on a client link, whichever protocol carries it (plain WebSocket or Socket.IO). */
public interface ClientHandler {

    void onOpen(ClientConnection connection);

    /** One frame of the plain JSON protocol. */
    void onText(ClientConnection connection, String frame);

    void onClose(ClientConnection connection);
}
