package io.doorlock.testing;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE_NEW;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.NoopOplog;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The changes made since a snapshot, appended to a file as they happen: each stored document whole after an insert or
 * update ({@code put}), the {@code _id} of each deleted one, dropped collections and databases, and created indexes.
 * A record is encoded when the change is made (under the collection's lock) and reaches the file at the next
 * {@link #flush()} (or as soon as 8 MiB wait). Replaying puts and deletes by {@code _id} is idempotent, so a journal may be replayed over a
 * snapshot that already holds some of its changes. A record cut short by a crash ends the replay (what a crash loses).
 */
final class ChangeJournal implements AutoCloseable {

    private static final int MAX_PENDING_BYTES = 8 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuf pending = Unpooled.buffer(1 << 16);
    private long size;
    private long forced;

    private ChangeJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** A new, empty journal file, readable by its owner only (it holds password hashes, as the snapshot does). */
    static ChangeJournal create(Path file) throws IOException {
        Set<OpenOption> options = Set.of(CREATE_NEW, APPEND);
        FileChannel channel = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(file, options);
        return new ChangeJournal(file, channel);
    }

    Path file() {
        return file;
    }

    synchronized void put(String database, String collection, Document document) {
        append(new Document("db", database).append("c", collection).append("put", document));
    }

    synchronized void delete(String database, String collection, Object id) {
        append(new Document("db", database).append("c", collection).append("delete", id));
    }

    synchronized void dropCollection(String database, String collection) {
        append(new Document("db", database).append("dropCollection", collection));
    }

    synchronized void dropDatabase(String database) {
        append(new Document("db", database).append("dropDatabase", true));
    }

    /** Bytes in the file and not yet written. */
    synchronized long size() {
        return size + pending.readableBytes();
    }

    /** Writes what was appended since the last flush to the file and forces it to disk. */
    void flush() throws IOException {
        synchronized (this) {
            write();
            if (size == forced) {
                return; // nothing new: an idle local run does not touch the disk
            }
            forced = size;
        }
        channel.force(false);
    }

    /** Hands the pending records to the file (its page cache), in the order they were appended. */
    private void write() throws IOException {
        ByteBuffer bytes = pending.nioBuffer();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        size += pending.readableBytes();
        pending.clear();
    }

    @Override
    public void close() throws IOException {
        flush();
        channel.close();
    }

    private void append(Document record) {
        BsonEncoder.encodeDocument(record, pending);
        if (pending.readableBytes() > MAX_PENDING_BYTES) {
            try {
                write(); // a long flush interval must not hold an unbounded journal in memory
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the journal " + file, e);
            }
        }
    }

    /** Applies the journal's changes, in order, to {@code backend}; returns how many were applied. */
    static long replay(Path file, IndexedMemoryBackend backend) throws IOException {
        long applied = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                Document record;
                try {
                    record = SnapshotFile.read(in, file);
                } catch (EOFException end) {
                    break; // the end, or a record cut short by a crash: its change never reached the disk whole
                }
                apply(record, backend, file);
                applied++;
            }
        }
        return applied;
    }

    private static void apply(Document record, IndexedMemoryBackend backend, Path file) throws IOException {
        String name = (String) record.get("db");
        IndexedMemoryBackend.IndexedDatabase database = (IndexedMemoryBackend.IndexedDatabase) backend.resolveDatabase(name);
        if (record.containsKey("dropDatabase")) {
            backend.dropDatabase(name);
            return;
        }
        if (record.containsKey("dropCollection")) {
            String collection = (String) record.get("dropCollection");
            if (database.resolveCollection(collection, false) != null) {
                database.dropCollection(collection, NoopOplog.get());
            }
            return;
        }
        String collectionName = (String) record.get("c");
        if (collectionName.startsWith("system.")) {
            if (collectionName.equals("system.indexes") && record.get("put") instanceof Document description) {
                database.restoreIndex(description);
            }
            return;
        }
        MongoCollection<?> collection = database.resolveCollection(collectionName, false);
        if (collection == null) {
            collection = database.createCollectionOrThrowIfExists(collectionName);
        }
        if (record.get("put") instanceof Document document) {
            collection.deleteDocuments(new Document("_id", document.get("_id")), 1, NoopOplog.get());
            collection.addDocument(document);
        } else if (record.containsKey("delete")) {
            collection.deleteDocuments(new Document("_id", record.get("delete")), 1, NoopOplog.get());
        } else {
            throw new IOException(file + " holds a record this version does not know: " + record);
        }
    }
}
