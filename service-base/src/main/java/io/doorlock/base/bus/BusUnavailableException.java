package io.doorlock.base.bus;

/** The broker did not accept a publish in time. Nothing was sent; the caller may retry or answer "unavailable". */
public class BusUnavailableException extends RuntimeException {
    public BusUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
