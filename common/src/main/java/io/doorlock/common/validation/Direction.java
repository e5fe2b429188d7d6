package io.doorlock.common.validation;

/** The four tables of the seed's "WebSocket Events Reference": who sends to whom. */
public enum Direction {
    DEVICE_TO_BACKEND,
    BACKEND_TO_DEVICE,
    DASHBOARD_TO_BACKEND,
    BACKEND_TO_DASHBOARD
}
