package io.doorlock.auditservice.query;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** One page of a device's events, newest first. */
@RegisterForReflection
public record EventPage(List<AuditEventView> events, int page, int limit, long total, boolean hasMore) {}
