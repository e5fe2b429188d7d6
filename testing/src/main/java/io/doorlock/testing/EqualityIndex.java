package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A non-unique secondary index, which mongo-java-server 1.47 does not have (it logs "not yet implemented" and ignores
 * the definition): it answers filters that pin the index's <em>first</em> field to plain values ({@link PinnedValues}),
 * such as {@code {status: {$in: ["queued", "sent"]}, nextAttemptAt: {$lte: t}}} or {@code {deviceId: d, status: q}},
 * with the documents holding one of those values, and the collection checks each against the whole filter.
 *
 * <p>Held in memory only: the wire server fills it from the stored documents when the collection opens (at every
 * start) and keeps it up to date on every insert, update and delete. A document whose value it cannot key (a nested
 * array or a sub-document in the indexed field) is returned for every lookup, so no match is ever missed; a document
 * without the field matches no plain value and is not indexed. Documents are tracked by {@code _id}; a collection
 * without one is never answered through this index.
 */
final class EqualityIndex<P> extends Index<P> {

    private final String field;
    private final Map<Object, Map<Object, P>> byValue = new HashMap<>();
    private final Map<Object, P> unkeyable = new LinkedHashMap<>();
    private long count;
    private boolean usable = true;

    EqualityIndex(String name, List<IndexKey> keys) {
        // sparse: a document without the field has no entry, so remove() may find no position (as EmptyIndex does)
        super(name, keys, true);
        this.field = keys.get(0).getKey();
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return usable && PinnedValues.of(query, field).isPresent();
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        Set<P> positions = new LinkedHashSet<>();
        for (Object value : PinnedValues.of(query, field).orElseThrow()) {
            positions.addAll(byValue.getOrDefault(key(value), Map.of()).values());
        }
        positions.addAll(unkeyable.values());
        return new ArrayList<>(positions);
    }

    /** How many documents {@link #getPositions} returns for {@code query}, at most. */
    synchronized long candidates(Document query) {
        long candidates = unkeyable.size();
        for (Object value : PinnedValues.of(query, field).orElseThrow()) {
            candidates += byValue.getOrDefault(key(value), Map.of()).size();
        }
        return candidates;
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Object id = document.get("_id");
        if (id == null) {
            usable = false;
            return;
        }
        Optional<List<Object>> keys = keys(document);
        if (keys.isEmpty()) {
            unkeyable.put(id, position);
        } else {
            keys.get().forEach(key -> byValue.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(id, position));
        }
        count++;
    }

    /** Always null: positions are not unique here, and the collection takes the document's position from its id index. */
    @Override
    public synchronized P remove(Document document) {
        Object id = document.get("_id");
        if (id == null) {
            return null;
        }
        unkeyable.remove(id);
        for (Object key : keys(document).orElse(List.of())) {
            Map<Object, P> documents = byValue.get(key);
            if (documents != null && documents.remove(id) != null && documents.isEmpty()) {
                byValue.remove(key);
            }
        }
        count--;
        return null;
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
        if (!keys(oldDocument).equals(keys(newDocument))) {
            remove(oldDocument);
            add(newDocument, position, collection);
        }
    }

    /** The keys of the document's value: one, or one per element of an array; empty when it cannot be keyed. */
    private Optional<List<Object>> keys(Document document) {
        Object value = Utils.getSubdocumentValueCollectionAware(document, field);
        if (value instanceof Missing || value == null) {
            return Optional.of(List.of());
        }
        Collection<?> values = value instanceof Collection<?> elements ? elements : List.of(value);
        List<Object> keys = new ArrayList<>();
        for (Object element : values) {
            if (element instanceof Missing || element == null) {
                continue;
            }
            if (!PinnedValues.plain(element)) {
                return Optional.empty();
            }
            keys.add(key(element));
        }
        return Optional.of(keys);
    }

    /**
     * The value as equality compares it: numbers by their value whatever their type (as mongo-java-server's own
     * normalization: a double, or the long itself when a double cannot hold it exactly), anything else as it is.
     */
    private static Object key(Object value) {
        if (value instanceof Long l && l != (long) l.doubleValue()) {
            return l;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == -0.0 ? 0.0 : d;
        }
        return value;
    }

    @Override
    public P getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<P> collection) {
        // not unique: any document may be added
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        // not unique: any change may be made
    }

    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public long getDataSize() {
        return 0;
    }

    @Override
    public synchronized void drop() {
        byValue.clear();
        unkeyable.clear();
        count = 0;
    }
}
