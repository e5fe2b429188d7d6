package io.doorlock.dashboardgateway.visitor;

import io.doorlock.common.dashboard.VisitorDecision;
import io.doorlock.dashboardgateway.api.ApiResponse;
import io.doorlock.dashboardgateway.auth.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The seed's {@code POST /api/command/open} and {@code /api/command/deny}: deciding on a visitor at the door
 * ({@link VisitorDecisions}). Under {@code /api/command} because the seed put them there; the command history and
 * cancellation on the same path are the command package's.
 */
@Path("/api/command")
@Authenticated
@Blocking
public class VisitorDecisionResource {

    private final VisitorDecisions visitors;
    private final CurrentUser currentUser;

    public VisitorDecisionResource(VisitorDecisions visitors, CurrentUser currentUser) {
        this.visitors = visitors;
        this.currentUser = currentUser;
    }

    /** Lets a pending visitor in (control). 200 {@code {commandId, visitorLogId, status}}, or 409. */
    @POST
    @Path("/open")
    public ApiResponse<Map<String, Object>> open(@Valid @NotNull VisitorDecisionRequest body) {
        var decided = visitors.decide(currentUser.require(), body.visitorLogId(), VisitorDecision.GRANTED, body.notes());
        return ApiResponse.ok("door opening", Map.of("commandId", decided.commandId().orElseThrow(),
                "visitorLogId", decided.visitor().id(), "status", decided.visitor().status()));
    }

    /** Turns a pending visitor away (control). 200, or 409. */
    @POST
    @Path("/deny")
    public ApiResponse<Map<String, Object>> deny(@Valid @NotNull VisitorDecisionRequest body) {
        var decided = visitors.decide(currentUser.require(), body.visitorLogId(), VisitorDecision.DENIED, body.notes());
        return ApiResponse.ok("visitor denied", Map.of("visitorLogId", decided.visitor().id(), "status", decided.visitor().status()));
    }

    /** Body of open and deny. */
    public record VisitorDecisionRequest(
            @NotBlank @Pattern(regexp = "^[0-9a-f]{24}$") String visitorLogId,
            Optional<@Size(max = 500) String> notes) {}
}
