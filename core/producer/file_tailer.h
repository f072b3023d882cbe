// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FileTailer: one flow of the Kinesis Agent (agent_config.h) — the files matching its pattern,
// tailed line by line into PutRecords calls, with their positions checkpointed.
//
// Files. Every minTimeBetweenFilePollsMillis it lists the pattern's directory (a glob on the
// file name; .gz, .bz2 and .zip skipped, as the Agent skips them) and knows each file by its
// device and inode, read through a descriptor it keeps open. So:
// - rotation by rename: the renamed file keeps its place (and is read to its end through the
//   descriptor even when the new name no longer matches); the new file is read from its start;
// - truncation: a file shorter than what was read is read again from its start;
// - copy-truncate (logrotate's copytruncate, with a pattern that matches the copy): a new file
//   whose first bytes are what was read from a known file (at least 256 of them, or any when
//   that file was truncated in the same poll) is that file's copy: it is read from where the
//   original had got to, and the original skips what the copy holds;
// - a file that disappears is read to its end and let go once all of it is acknowledged.
// A flow's first run starts each existing file at initialPosition (END_OF_FILE: after its last
// whole line); files that appear later, or while it was stopped, are read from their start.
//
// Records. Lines (or, with multiLineStartPattern, a line that matches it and the lines after it;
// a group is ended by the next start line, or by a poll that finds the file still at its end),
// after skipHeaderLines, through the dataProcessingOptions (agent_processing.h), each with its
// newline. A record longer than 1 MiB less its partition key is cut there and ends with
// truncatedRecordTerminator. Partition keys as the Agent makes them: RANDOM, a random number
// below 1,000,000; DETERMINISTIC, the record's MD5 in hex.
//
// Sending. Records wait in a buffer until it holds maxBufferSizeRecords records or
// maxBufferSizeBytes bytes, or its oldest record is maxBufferAgeMillis old; then one PutRecords
// call takes them. One call is in flight at a time, so a file's lines reach a shard in the
// file's order unless a call is refused in part. Refused entries, and whole calls that fail, go
// back to the front of the buffer after a backoff from retryInitialBackoffMillis doubling to
// retryMaxBackoffMillis; nothing is given up. Reading stops while the buffer is full.
//
// Checkpoints. A file's checkpoint is the end of the longest run of its records, from its start
// position, that Kinesis acknowledged (or that were skipped or dropped); it never runs ahead of
// an acknowledgement. They are saved to the TailCheckpointFile at most every 200 ms and by
// saveCheckpoints(). After a restart a file resumes at its checkpoint if its first bytes are
// still the ones recorded, so at most the lines after the last saved checkpoint are sent again.
//
// Single-threaded: tick(), flush() and the sender's answers run on one thread (the backend's
// answers come on the receiver's thread). An answer that comes after the tailer is gone is
// ignored.
#include "agent_config.h"

#include "engine/api.h"
#include "engine/clock.h"
#include "engine/result.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace shs::store {
class TailCheckpointFile;
}

namespace shs::producer {

class FileTailer final
{
  public:
    using PutRecordsDone = std::function<void(core::Result<core::PutRecordsResult>)>;
    using Sender = std::function<void(core::PutRecordsRequest, PutRecordsDone)>;
    /// A known file's first bytes kept to recognise it (its fingerprint).
    static constexpr std::size_t kFingerprintBytes = 1024;
    /// A copy is recognised by at least this much of a fingerprint (any, after a truncation).
    static constexpr std::size_t kCopyMatchBytes = 256;
    static constexpr std::int64_t kCheckpointEveryMs = 200;

    struct Counts
    {
        std::int64_t linesRead = 0;
        std::int64_t recordsMade = 0;    ///< records after processing, before sending
        std::int64_t recordsDropped = 0; ///< by skipHeaderLines or LOGTOJSON
        std::int64_t recordsSent = 0;    ///< acknowledged by Kinesis
        std::int64_t bytesSent = 0;      ///< their data
        std::int64_t putRecordsCalls = 0;
        std::int64_t entriesRetried = 0; ///< entries sent again
        std::int64_t entriesThrottled = 0;
        std::int64_t callsFailed = 0; ///< whole calls refused
        std::int64_t truncatedRecords = 0;
        std::int64_t rotations = 0; ///< known files seen under a new name
        std::int64_t truncations = 0;
        std::int64_t copiesFollowed = 0;
        std::int64_t filesLetGo = 0;
        std::int64_t filesTracked = 0;
        std::int64_t buffered = 0;    ///< records made and not yet acknowledged
        std::int64_t bytesBehind = 0; ///< in the files, past their checkpoints
        std::int64_t lagMs = 0;       ///< since the oldest unacknowledged record was read
        std::string lastError;        ///< the latest refusal, as "Code: message"
    };

    /// A file as the tailer knows it.
    struct FileState
    {
        std::string fileId; ///< "device:inode"
        std::string path;
        std::int64_t size = 0;
        std::int64_t readOffset = 0;
        std::int64_t checkpoint = 0;
        bool listed = true; ///< still matches the pattern
    };

    /// `checkpoints` may be null (nothing saved; every run is a first run).
    FileTailer(AgentFlow flow, const core::Clock &clock, Sender sender,
               store::TailCheckpointFile *checkpoints, std::uint64_t seed = 1);
    ~FileTailer();
    FileTailer(const FileTailer &) = delete;
    FileTailer &operator=(const FileTailer &) = delete;

    /// Reads the flow's checkpoints and makes the first poll. Refused when the checkpoint file
    /// cannot be read.
    core::Result<void> start();
    /// Polls the files when due, sends when due, saves checkpoints when due.
    void tick();
    /// As tick(), polling now, ending a pending multi-line group, and sending whatever is
    /// buffered now however young.
    void flush();
    /// Nothing buffered, in flight or waiting to be retried.
    bool idle() const;
    core::Result<void> saveCheckpoints();

    Counts counts() const;
    std::vector<FileState> files() const;
    const AgentFlow &flow() const;

  private:
    struct Impl;
    std::shared_ptr<Impl> m;
};

} // namespace shs::producer
