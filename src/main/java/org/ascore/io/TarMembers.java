package org.ascore.io;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The image members of a WebDataset tar shard as input rows, read on an executor (one shard per
 * task, sequentially, as WebDataset shards are meant to be read): each member whose name matches
 * the input glob becomes a row {@code SHARD#MEMBER} carrying its bytes; the other members of a
 * sample (.cls, .json, .txt) are not inputs. A member over the byte limit is not read: its row has
 * only the length, and is scored {@code too_large}.
 */
final class TarMembers implements FlatMapFunction<String, Row> {
    private static final int BUFFER = 1 << 16;

    private final String split;
    private final String source;
    private final NameGlob glob;
    private final long maxBytes;
    private final SerializableConfiguration conf;

    TarMembers(String split, String source, NameGlob glob, long maxBytes, Configuration conf) {
        this.split = split;
        this.source = source;
        this.glob = glob;
        this.maxBytes = maxBytes;
        this.conf = new SerializableConfiguration(conf);
    }

    @Override
    public Iterator<Row> call(String shard) throws IOException {
        TarArchiveInputStream tar = open(shard, conf.value());
        return new Iterator<>() {
            private Row next = advance();

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Row r = next;
                next = advance();
                return r;
            }

            private Row advance() {
                try {
                    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                        if (!e.isFile() || !glob.matches(baseName(e.getName()))) {
                            continue;
                        }
                        String path = shard + "#" + e.getName();
                        if (e.getSize() > maxBytes) {
                            return InputRows.encoded(split, source, path, e.getSize(), null);
                        }
                        return InputRows.encoded(split, source, path, e.getSize(), tar.readNBytes((int) e.getSize()));
                    }
                    tar.close();
                    return null;
                } catch (IOException ex) {
                    throw new UncheckedIOException("cannot read tar shard " + shard + ": " + ex.getMessage(), ex);
                }
            }
        };
    }

    /** The bytes of one member, found by scanning the shard; empty when missing or over the limit. */
    static Optional<byte[]> read(String shard, String member, Configuration conf, long maxBytes) throws IOException {
        try (TarArchiveInputStream tar = open(shard, conf)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (e.isFile() && e.getName().equals(member)) {
                    return e.getSize() > maxBytes ? Optional.empty() : Optional.of(tar.readNBytes((int) e.getSize()));
                }
            }
        }
        throw new IOException("tar shard " + shard + " has no member " + member);
    }

    private static TarArchiveInputStream open(String shard, Configuration conf) throws IOException {
        Path p = new Path(shard);
        InputStream in = ImageBytes.fileSystem(p, conf).open(p);
        return new TarArchiveInputStream(new BufferedInputStream(in, BUFFER));
    }

    private static String baseName(String member) {
        return member.substring(member.lastIndexOf('/') + 1);
    }
}
