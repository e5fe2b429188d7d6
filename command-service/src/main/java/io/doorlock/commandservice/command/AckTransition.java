package io.doorlock.commandservice.command;

import io.doorlock.common.command.CommandState;
import io.doorlock.common.device.AckStatus;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which state an ack moves a command to, and from which states that is legal. Any other combination (a duplicate
 * ack, an ack for a finished command) changes nothing.
 *
 * @param to the state after the ack
 * @param from states the command may be in for the ack to apply
 */
public record AckTransition(CommandState to, Set<CommandState> from) {

    public static AckTransition of(AckStatus status) {
        return switch (status) {
            case RECEIVED -> new AckTransition(CommandState.RECEIVED, EnumSet.of(CommandState.QUEUED, CommandState.SENT));
            case EXECUTED -> new AckTransition(CommandState.EXECUTED,
                    EnumSet.of(CommandState.QUEUED, CommandState.SENT, CommandState.RECEIVED));
            case FAILED -> new AckTransition(CommandState.FAILED,
                    EnumSet.of(CommandState.QUEUED, CommandState.SENT, CommandState.RECEIVED));
        };
    }
}
