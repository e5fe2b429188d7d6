package io.doorlock.base.bus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyedSerialExecutorTest {

    final ExecutorService pool = Executors.newFixedThreadPool(8);
    final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    final KeyedSerialExecutor executor = new KeyedSerialExecutor(pool, (key, e) -> failures.add(key + ": " + e.getMessage()));

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneKeyRunInSubmissionOrderAndNeverOverlap() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(20 * 200);
        for (int i = 0; i < 200; i++) {
            for (int k = 0; k < 20; k++) {
                String key = "door-" + k;
                int n = i;
                executor.submit(key, () -> {
                    if (running.computeIfAbsent(key, x -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    seen.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(n);
                    Thread.yield();
                    running.get(key).decrementAndGet();
                    done.countDown();
                });
            }
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(overlaps.get()).isZero();
        for (int k = 0; k < 20; k++) {
            assertThat(seen.get("door-" + k)).hasSize(200).isSorted();
        }
        awaitIdle();
    }

    @Test
    void differentKeysRunSideBySide() throws Exception {
        CountDownLatch bothStarted = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        for (String key : List.of("door-a", "door-b")) {
            executor.submit(key, () -> {
                bothStarted.countDown();
                await(release);
            });
        }
        // a blocked task of door-a does not hold door-b back
        assertThat(bothStarted.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        awaitIdle();
    }

    @Test
    void aFailingTaskIsReportedAndItsKeyGoesOn() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        executor.submit("door-1", () -> {
            throw new IllegalStateException("boom");
        });
        executor.submit("door-1", after::countDown);
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(failures).containsExactly("door-1: boom");
        awaitIdle();
    }

    private void awaitIdle() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (executor.pending() > 0 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(executor.pending()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
