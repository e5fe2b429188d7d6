package io.doorlock.localrun;

import java.util.List;
import java.util.Map;

/**
 * How the local run starts each service's JVM: its heap and the bounds on the memory outside it. The Helm chart and
 * kustomize base set the same (docs/configuration.md, "Process options"), so that what is measured here is what runs
 * there.
 */
final class ServiceProcessOptions {

    /**
     * 256 MiB of heap and SerialGC, what the JVM picks by itself in a pod of up to 2 CPUs and 1.75 GiB; direct buffers
     * (Netty's pools) at most 128 MiB instead of as much again as the heap; freed native memory handed back to the
     * operating system every 5 s (JDK 17.0.9 and later).
     */
    static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=128m", "-XX:TrimNativeHeapInterval=5000");

    /**
     * glibc's malloc keeps up to 8 arenas per core, one per busy thread, and memory freed in one is reused by that
     * arena only; with 200 worker threads a service's resident memory grew run over run. Two arenas bound it.
     */
    static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

    private ServiceProcessOptions() {}
}
