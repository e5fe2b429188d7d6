package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A backend's unique {@code _id} index with one planner rule of real MongoDB: a filter that pins {@code _id} to plain
 * values ({@link PinnedValues}) is answered through the index, whatever else it asks.
 *
 * <p>mongo-java-server 1.47 uses an index only when a filter's fields are exactly the index's fields, so
 * {@code {_id: x, deviceId: y, status: {$in: [...]}}} (every guarded state change) scans the whole collection. The
 * collection still checks each document the index finds against the whole filter, so answers are unchanged; only the
 * scan goes. Everything else is the backend's own index (memory or H2), which this one wraps.
 */
final class IdLookupIndex<P> extends Index<P> {

    private final Index<P> index;

    IdLookupIndex(Index<P> index, boolean sparse) {
        super(index.getName(), index.getKeys(), sparse);
        this.index = index;
    }

    @Override
    public boolean canHandle(Document query) {
        return index.canHandle(query) || pinnedIds(query).isPresent();
    }

    @Override
    public Iterable<P> getPositions(Document query) {
        if (index.canHandle(query)) {
            return index.getPositions(query);
        }
        Set<P> positions = new LinkedHashSet<>();
        for (Object id : pinnedIds(query).orElseThrow()) {
            index.getPositions(new Document("_id", id)).forEach(positions::add);
        }
        return positions;
    }

    /** How many documents {@link #getPositions} returns at most: one per pinned id. */
    long candidates(Document query) {
        return pinnedIds(query).map(ids -> (long) ids.size()).orElse((long) Integer.MAX_VALUE);
    }

    private static Optional<List<Object>> pinnedIds(Document query) {
        return PinnedValues.of(query, "_id");
    }

    @Override
    public P getPosition(Document document) {
        return index.getPosition(document);
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        index.checkAdd(document, collection);
    }

    @Override
    public void add(Document document, P position, MongoCollection<P> collection) {
        index.add(document, position, collection);
    }

    @Override
    public P remove(Document document) {
        return index.remove(document);
    }

    @Override
    public long getCount() {
        return index.getCount();
    }

    @Override
    public boolean isEmpty() {
        return index.isEmpty();
    }

    @Override
    public long getDataSize() {
        return index.getDataSize();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        index.checkUpdate(oldDocument, newDocument, collection);
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection)
            throws KeyConstraintError {
        index.updateInPlace(oldDocument, newDocument, position, collection);
    }

    @Override
    public void drop() {
        index.drop();
    }

    @Override
    public boolean isUnique() {
        return index.isUnique();
    }
}
