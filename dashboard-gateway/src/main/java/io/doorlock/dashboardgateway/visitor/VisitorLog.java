package io.doorlock.dashboardgateway.visitor;

import java.time.Instant;
import java.util.Optional;
import org.bson.Document;
import java.util.Date;

/**
 * A visitor at a door: the photo, and what was decided. {@code status}: {@code pending}, then exactly one of
 * {@code granted}, {@code denied} or {@code expired}, changed only by a conditional update on {@code pending}.
 */
public record VisitorLog(String id, String deviceId, String status, String imageId, String contentType, long imageBytes,
        Instant createdAt, Instant expiresAt, Optional<Instant> decidedAt, Optional<String> adminId, Optional<String> notes,
        Optional<String> commandId) {

    static VisitorLog of(Document d) {
        return new VisitorLog(d.getString("_id"), d.getString("deviceId"), d.getString("status"), d.getString("imageId"),
                d.getString("contentType"), d.get("imageBytes", Number.class).longValue(), d.getDate("createdAt").toInstant(),
                d.getDate("expiresAt").toInstant(), Optional.ofNullable(d.getDate("decidedAt")).map(Date::toInstant),
                Optional.ofNullable(d.getString("adminId")), Optional.ofNullable(d.getString("notes")),
                Optional.ofNullable(d.getString("commandId")));
    }

    /** What the REST routes show; the photo is at {@code imageUrl}, behind the same authentication. */
    public record View(String id, String visitorLogId, String deviceId, String status, String imageUrl, String contentType,
            long imageBytes, Instant timestamp, Instant expiresAt, Optional<Instant> decisionTime, Optional<String> adminId,
            Optional<String> notes, Optional<String> commandId) {}

    public View view() {
        return new View(id, id, deviceId, status, imageUrl(id), contentType, imageBytes, createdAt, expiresAt, decidedAt, adminId, notes,
                commandId);
    }

    public static String imageUrl(String visitorId) {
        return "/api/door/logs/" + visitorId + "/image";
    }
}
