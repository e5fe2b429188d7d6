package io.doorlock.testing;

import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A journal replays what reached the disk whole, and stops where a crash cut it. */
class ChangeJournalTest {

    @TempDir
    Path dir;

    @Test
    void aReplayAppliesPutsAndDeletesInOrderAndStopsAtATornTail() throws IOException {
        Path file = dir.resolve("mongo.snapshot.journal-1");
        try (ChangeJournal journal = ChangeJournal.create(file)) {
            journal.put("doorlock_commands", "commands", new Document("_id", "c1").append("status", "queued"));
            journal.put("doorlock_commands", "commands", new Document("_id", "c2").append("status", "queued"));
            journal.put("doorlock_commands", "commands", new Document("_id", "c1").append("status", "executed"));
            journal.delete("doorlock_commands", "commands", "c2");
        }
        long whole = Files.size(file);
        for (byte[] tail : List.of(new byte[] {40, 0}, new byte[64])) {
            Path torn = dir.resolve("torn-" + tail.length);
            Files.copy(file, torn);
            Files.write(torn, tail, APPEND); // a record cut short, or zeros where nothing was written
            IndexedMemoryBackend backend = new IndexedMemoryBackend();
            assertThat(ChangeJournal.replay(torn, backend)).isEqualTo(4);
            List<Object> stored = new ArrayList<>();
            SnapshotFile.documents(backend.resolveDatabase("doorlock_commands").resolveCollection("commands", false))
                    .forEach(d -> stored.add(d.get("_id") + ":" + d.get("status")));
            assertThat(stored).containsExactly("c1:executed");
        }
        assertThat(Files.size(file)).isEqualTo(whole);
    }
}
