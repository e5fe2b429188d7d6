package io.doorlock.simulator;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The simulator's live counts, printed every few seconds and at the end. */
public final class Counters {

    final AtomicInteger connected = new AtomicInteger();
    final AtomicLong connects = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong failedOnPurpose = new AtomicLong();
    /** Commands refused by the lock's signature check (forged, replayed, expired, for another lock). */
    final AtomicLong refused = new AtomicLong();
    final AtomicLong photos = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    /** Events sent again after UNAVAILABLE. */
    final AtomicLong retries = new AtomicLong();

    public int connected() {
        return connected.get();
    }

    public long sent() {
        return sent.get();
    }

    public long commands() {
        return commands.get();
    }

    public long refused() {
        return refused.get();
    }

    public long acked() {
        return acked.get();
    }

    public long errors() {
        return errors.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public long photos() {
        return photos.get();
    }

    /** One line: {@code connected 5/5  sent 120  commands 3  acked 6 (failed 0)  photos 1  errors 0  reconnects 0}. */
    public String line(int devices) {
        return String.format(Locale.ROOT, "connected %d/%d  sent %d  commands %d  acked %d (failed %d)  photos %d  errors %d  retries %d  reconnects %d",
                connected.get(), devices, sent.get(), commands.get(), acked.get(), failedOnPurpose.get(), photos.get(), errors.get(),
                retries.get(), reconnects.get());
    }
}
