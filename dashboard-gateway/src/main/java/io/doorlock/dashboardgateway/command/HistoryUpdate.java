package io.doorlock.dashboardgateway.command;

import io.doorlock.common.bus.CommandStatusChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch of {@code command_status} events changes in one command's history row: its newest status, plus what
 * the older ones of the batch would have left behind had they been applied one by one (the row's {@code createdAt}
 * when the batch creates it, an error message the newest status does not repeat, the requester). Applied under the
 * revision guard, it leaves the row as applying each status in turn would.
 *
 * @param latest the status of the highest revision in the batch
 * @param firstAt the earliest status time in the batch: the row's {@code createdAt} if the batch creates the row
 * @param errorMessage the error message of the newest status that has one
 * @param requestedBy the requester named by any status of the batch, if one does
 */
record HistoryUpdate(CommandStatusChanged latest, Instant firstAt, Optional<String> errorMessage, Optional<String> requestedBy) {

    /** One update per command, in the order each command first appears in {@code statuses}. */
    static List<HistoryUpdate> latestPerCommand(List<CommandStatusChanged> statuses) {
        Map<String, HistoryUpdate> byCommand = new LinkedHashMap<>();
        for (CommandStatusChanged status : statuses) {
            byCommand.merge(status.commandId(), of(status), HistoryUpdate::merge);
        }
        return new ArrayList<>(byCommand.values());
    }

    static HistoryUpdate of(CommandStatusChanged status) {
        return new HistoryUpdate(status, status.at(), status.errorMessage(), Optional.ofNullable(status.requestedBy()));
    }

    private HistoryUpdate merge(HistoryUpdate other) {
        boolean otherIsNewer = other.latest.revision() > latest.revision();
        HistoryUpdate newer = otherIsNewer ? other : this;
        HistoryUpdate older = otherIsNewer ? this : other;
        Instant first = other.firstAt.isBefore(firstAt) ? other.firstAt : firstAt;
        return new HistoryUpdate(newer.latest, first, newer.errorMessage.or(() -> older.errorMessage), newer.requestedBy.or(() -> older.requestedBy));
    }
}
