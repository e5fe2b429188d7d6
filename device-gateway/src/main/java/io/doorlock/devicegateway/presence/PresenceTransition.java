package io.doorlock.devicegateway.presence;

/** What a presence change meant for the dashboards. */
public enum PresenceTransition {
    /** Nothing changed (a stale close, a duplicate {@code online}, a Will of an old session). */
    NONE,
    /** The device stayed online (or offline) but its set of links changed: {@code device_status} only. */
    LINKS_CHANGED,
    /** Offline to online: {@code device_connected} and {@code device_status}. */
    CAME_ONLINE,
    /** Online to offline: {@code device_disconnected} with the reason, and {@code device_status}. */
    WENT_OFFLINE
}
