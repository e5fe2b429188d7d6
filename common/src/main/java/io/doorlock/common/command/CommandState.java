package io.doorlock.common.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * Life of a command: {@code queued -> sent -> received -> executed | failed}, plus {@code expired} (never delivered
 * before its deadline), {@code timed_out} (delivered, no final ack in time) and {@code cancelled}.
 */
public enum CommandState {
    @JsonProperty("queued") QUEUED(false),
    @JsonProperty("sent") SENT(false),
    @JsonProperty("received") RECEIVED(false),
    @JsonProperty("executed") EXECUTED(true),
    @JsonProperty("failed") FAILED(true),
    @JsonProperty("expired") EXPIRED(true),
    @JsonProperty("timed_out") TIMED_OUT(true),
    @JsonProperty("cancelled") CANCELLED(true);

    private final boolean terminal;

    CommandState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** The lower-case name used on the wire and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
