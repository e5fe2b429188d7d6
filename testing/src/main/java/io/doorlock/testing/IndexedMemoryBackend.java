package io.doorlock.testing;

import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The wire server's in-memory backend with the index use of real MongoDB for the filters the services send, in the
 * tests and in the local run: a filter that pins {@code _id} goes through the {@code _id} index ({@link IdLookupIndex}),
 * one that pins the first field of a secondary index through that index ({@link EqualityIndex}; stock
 * mongo-java-server 1.47 ignores non-unique indexes), and each collection takes the index with the fewest candidates
 * ({@link IndexPlanner}). Without them every guarded transition and every sweep scans the whole collection.
 *
 * <p>It counts the documents it checks against filters (what a test asserts instead of timing a scan) and the
 * changes made, and hands each change to a {@link ChangeJournal} when it has one (the local run: {@link MemorySnapshots}).
 */
public final class IndexedMemoryBackend extends MemoryBackend implements IndexedMemoryCollection.ChangeLog {

    private final LongAdder examined = new LongAdder();
    private final AtomicLong changes = new AtomicLong();
    private volatile Runnable beforeClose = () -> {};
    private volatile Optional<ChangeJournal> journal = Optional.empty();

    /** Documents checked against a filter so far: one per document a query looked at, found by index or by scan. */
    public long documentsExamined() {
        return examined.sum();
    }

    /** Inserts, updates, deletes and drops so far. */
    long changes() {
        return changes.get();
    }

    /** The databases that hold something. */
    Set<String> databaseNames() {
        return new TreeSet<>(listDatabaseNames());
    }

    /** Where changes are written from now on (the local run's journal). */
    void journal(ChangeJournal journal) {
        this.journal = Optional.of(journal);
    }

    @Override
    public void put(String database, String collection, Document document) {
        changed();
        // system.namespaces follows from the collections themselves; system.indexes holds index definitions
        if (!collection.startsWith("system.") || collection.equals("system.indexes")) {
            journal.ifPresent(j -> j.put(database, collection, document));
        }
    }

    @Override
    public void delete(String database, String collection, Object id) {
        changed();
        if (id != null) {
            journal.ifPresent(j -> j.delete(database, collection, id));
        }
    }

    @Override
    public void dropDatabase(String databaseName) {
        super.dropDatabase(databaseName);
        changed();
        journal.ifPresent(j -> j.dropDatabase(databaseName));
    }

    /** What to do when the server shuts the backend down, after its clients are gone and before the data is dropped. */
    void beforeClose(Runnable action) {
        beforeClose = action;
    }

    @Override
    public void close() {
        beforeClose.run();
        super.close();
    }

    private void documentExamined() {
        examined.increment();
    }

    private void changed() {
        changes.incrementAndGet();
    }

    @Override
    public IndexedDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedDatabase(databaseName);
    }

    /** Inner, not static: MemoryDatabase's constructor opens collections before this class's fields could be set. */
    final class IndexedDatabase extends MemoryDatabase {

        IndexedDatabase(String databaseName) {
            super(databaseName, getCursorRegistry());
        }

        @Override
        protected Index<Integer> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            Index<Integer> index = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
            return keys.size() == 1 && "_id".equals(keys.get(0).getKey()) ? new IdLookupIndex<>(index, sparse) : index;
        }

        @Override
        protected Index<Integer> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new EqualityIndex<>(indexName, keys);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new IndexedMemoryCollection(this, collectionName, options, getCursorRegistry(), IndexedMemoryBackend.this::documentExamined,
                    IndexedMemoryBackend.this);
        }

        @Override
        public void dropCollection(String collectionName, Oplog oplog) {
            super.dropCollection(collectionName, oplog);
            changed();
            journal.ifPresent(j -> j.dropCollection(getDatabaseName(), collectionName));
        }

        /** Opens an index from its stored description (a document of {@code system.indexes}), as createIndexes would. */
        void restoreIndex(Document description) {
            addIndex(description);
        }
    }
}
