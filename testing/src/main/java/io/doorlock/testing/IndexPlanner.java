package io.doorlock.testing;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import java.util.List;
import java.util.Optional;

/**
 * Which index answers a filter: of those that can, the one with the fewest candidate documents, as MongoDB's planner
 * would. mongo-java-server takes the first in creation order, so {@code {deviceId: d, status: "queued"}} would read
 * every command of the device rather than the few queued ones. Empty: no index can, the collection is scanned.
 */
final class IndexPlanner {

    private IndexPlanner() {}

    static <P> Optional<Index<P>> choose(List<Index<P>> indexes, Document query) {
        Index<P> best = null;
        long fewest = Long.MAX_VALUE;
        for (Index<P> index : indexes) {
            if (index.canHandle(query)) {
                long candidates = candidates(index, query);
                if (candidates < fewest) {
                    best = index;
                    fewest = candidates;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** An upper bound of what the index returns; a stock unique index answers an exact key, so at most a few. */
    private static long candidates(Index<?> index, Document query) {
        if (index instanceof IdLookupIndex<?> id) {
            return id.candidates(query);
        }
        if (index instanceof EqualityIndex<?> equality) {
            return equality.candidates(query);
        }
        return 1;
    }
}
