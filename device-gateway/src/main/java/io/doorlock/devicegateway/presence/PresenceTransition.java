package io.doorlock.devicegateway.presence;

/** What a presence change meant for the dashboards. */
public enum PresenceTransition {
    /** Nothing changed (a stale close, a duplicate {@code online}, a Will of an old session). */
    NONE,
    /** The device stayed online (or offline) but its set of links changed: {@code device_status} only. */
    LINKS_CHANGED,
    /**
     * Online before and after, but a link was replaced by a new connection: the device reconnected before its old link
     * was noticed gone (its gateway died, or Wi-Fi dropped without a close). {@code device_connected} and
     * {@code device_status}, so that commands waiting for the device go to the new connection at once.
     */
    RECONNECTED,
    /** Offline to online: {@code device_connected} and {@code device_status}. */
    CAME_ONLINE,
    /** Online to offline: {@code device_disconnected} with the reason, and {@code device_status}. */
    WENT_OFFLINE
}
