package io.doorlock.testing;

/** A broker login: username and password. */
public record MqttAccount(String username, String password) {

    @Override
    public String toString() {
        return "MqttAccount[" + username + "]";
    }
}
