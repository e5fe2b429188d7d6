package io.doorlock.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The wire server's H2 backend (data in one MVStore file, kept across restarts) with the index use of real MongoDB for
 * the filters the services send: a filter that pins {@code _id} goes through the {@code _id} index
 * ({@link IdLookupIndex}), one that pins the first field of a secondary index through that index
 * ({@link EqualityIndex}, rebuilt in memory at every start), and {@link IndexedH2Collection} picks the index with the
 * fewest candidates. The stock H2 backend scans the whole collection for all of these.
 *
 * <p>Durability is H2's: changes are written to the file by its background commit about once a second, and on
 * {@link #close()} (the wire server's shutdown); a process killed outright loses at most that last second.
 */
public final class IndexedH2Backend extends H2Backend {

    private final LongAdder examined = new LongAdder();

    private IndexedH2Backend(MVStore store) {
        super(store);
    }

    /** Opens (or creates) the database file. */
    public static IndexedH2Backend open(Path file) {
        return new IndexedH2Backend(new MVStore.Builder().fileName(file.toString()).open());
    }

    /**
     * Documents checked against a filter since the backend opened: one per document a query looked at, found by index
     * or by scan.
     */
    public long documentsExamined() {
        return examined.sum();
    }

    private void documentExamined() {
        LongAdder counter = examined;
        if (counter != null) { // null while H2Backend's constructor opens the file: those reads are not counted
            counter.increment();
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName);
    }

    /**
     * Inner, not static: H2Backend's constructor opens the databases already in the file, and H2Database's constructor
     * opens their collections, before any field of these subclasses is set; the enclosing backend is set before that,
     * so only it (its store, its cursors, its counter) is used here.
     */
    private final class IndexedDatabase extends H2Database {

        IndexedDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            Index<Object> index = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            return keys.size() == 1 && "_id".equals(keys.get(0).getKey()) ? new IdLookupIndex<>(index, sparse) : index;
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new EqualityIndex<>(indexName, keys);
        }

        /** As H2Database opens a collection (the same maps of the file), as an {@link IndexedH2Collection}. */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = getMvStore().openMap("databases." + namespace);
            MVMap<String, Object> meta = getMvStore().openMap("meta." + namespace);
            return new IndexedH2Collection(this, collectionName, options, getMvStore(), data, meta, getCursorRegistry(),
                    IndexedH2Backend.this::documentExamined);
        }
    }
}
