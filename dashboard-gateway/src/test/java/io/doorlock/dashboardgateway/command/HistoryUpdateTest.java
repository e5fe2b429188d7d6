package io.doorlock.dashboardgateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.doorlock.common.bus.CommandStatusChanged;
import io.doorlock.common.command.CommandState;
import io.doorlock.common.command.CommandType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A batch of statuses becomes one history update per command that leaves the row as applying them one by one would. */
class HistoryUpdateTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    static CommandStatusChanged status(String commandId, CommandState state, long revision, Optional<String> error, String requestedBy) {
        return new CommandStatusChanged(commandId, "door-1", CommandType.UNLOCK_DOOR, state, error, T0.plusSeconds(revision), revision, requestedBy);
    }

    @Test
    void eachCommandKeepsItsNewestStatusWhateverTheOrderTheyArrivedIn() {
        List<HistoryUpdate> updates = HistoryUpdate.latestPerCommand(List.of(
                status("a", CommandState.SENT, 2, Optional.empty(), "user-1"),
                status("b", CommandState.QUEUED, 1, Optional.empty(), "user-2"),
                status("a", CommandState.EXECUTED, 4, Optional.empty(), "user-1"),
                status("a", CommandState.RECEIVED, 3, Optional.empty(), "user-1"),
                status("b", CommandState.SENT, 2, Optional.empty(), "user-2")));

        assertThat(updates).extracting(u -> u.latest().commandId()).containsExactly("a", "b");
        assertThat(updates.get(0).latest().status()).isEqualTo(CommandState.EXECUTED);
        assertThat(updates.get(0).latest().revision()).isEqualTo(4);
        assertThat(updates.get(1).latest().status()).isEqualTo(CommandState.SENT);
    }

    @Test
    void aRowTheBatchCreatesStartsAtTheEarliestStatusAndKeepsAnErrorTheNewestStatusDoesNotRepeat() {
        HistoryUpdate update = HistoryUpdate.latestPerCommand(List.of(
                status("a", CommandState.FAILED, 3, Optional.of("jammed"), "user-1"),
                status("a", CommandState.QUEUED, 1, Optional.empty(), null),
                status("a", CommandState.SENT, 2, Optional.of("older error"), null),
                status("a", CommandState.EXPIRED, 4, Optional.empty(), null))).get(0);

        assertThat(update.latest().status()).isEqualTo(CommandState.EXPIRED);
        assertThat(update.firstAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(update.errorMessage()).hasValue("jammed");
        assertThat(update.requestedBy()).hasValue("user-1");
    }

    @Test
    void aSingleStatusIsItsOwnUpdate() {
        CommandStatusChanged alone = status("a", CommandState.QUEUED, 1, Optional.empty(), "user-1");

        assertThat(HistoryUpdate.latestPerCommand(List.of(alone))).containsExactly(HistoryUpdate.of(alone));
        assertThat(HistoryUpdate.latestPerCommand(List.of())).isEmpty();
    }
}
