package org.ascore.io;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The image members of a WebDataset tar shard as input rows, read on an executor (one shard per
 * task, sequentially, as WebDataset shards are meant to be read): each member whose name matches
 * the input glob becomes a row {@code SHARD#MEMBER} carrying its bytes; the other members of a
 * sample (.cls, .json, .txt) are not inputs. A member over the byte limit is not read: its row has
 * only the length, and is scored {@code too_large}. A shard that cannot be read to its end gives
 * a {@code read_error} row naming it and why (see {@link #call}), never a failed task.
 */
final class TarMembers implements FlatMapFunction<String, Row> {
    private static final Logger LOG = LoggerFactory.getLogger(TarMembers.class);
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
    public Iterator<Row> call(String shard) {
        TarArchiveInputStream tar;
        try {
            tar = open(shard, conf.value());
        } catch (IOException | RuntimeException e) {
            return List.of(InputRows.failed(split, source, shard, "cannot open tar shard " + shard + ": " + e))
                    .iterator();
        }
        return new Iterator<>() {
            private String lastMember;
            private boolean failed;
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

            /**
             * The next image row. A corrupt or truncated shard ends in one row with the error: the
             * member being read when its bytes ran out, or the shard itself when a header cannot
             * be parsed (the members after it cannot be found).
             */
            private Row advance() {
                if (failed) {
                    return null;
                }
                String member = null;
                try {
                    for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                        lastMember = e.getName();
                        if (!e.isFile() || !glob.matches(baseName(e.getName()))) {
                            continue;
                        }
                        member = e.getName();
                        String path = shard + "#" + member;
                        if (e.getSize() > maxBytes) {
                            return InputRows.encoded(split, source, path, e.getSize(), null);
                        }
                        byte[] bytes = tar.readNBytes((int) e.getSize());
                        if (bytes.length < e.getSize()) {
                            throw new EOFException("the shard ends after " + bytes.length + " of its " + e.getSize()
                                    + " bytes");
                        }
                        return InputRows.encoded(split, source, path, e.getSize(), bytes);
                    }
                    close();
                    return null;
                } catch (IOException | RuntimeException ex) {
                    failed = true;
                    close();
                    if (member != null) {
                        return InputRows.failed(split, source, shard + "#" + member, "tar shard " + shard
                                + " is truncated or corrupt in member " + member + ": " + ex.getMessage());
                    }
                    return InputRows.failed(split, source, shard, "tar shard " + shard + " is truncated or corrupt "
                            + (lastMember == null ? "at its first header" : "after member " + lastMember)
                            + ", its later members are not read: " + ex.getMessage());
                }
            }

            private void close() {
                try {
                    tar.close();
                } catch (IOException e) {
                    LOG.debug("closing tar shard {}: {}", shard, e.toString());
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
