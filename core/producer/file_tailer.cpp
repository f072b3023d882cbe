// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "file_tailer.h"

#include "agent_processing.h"

#include "crypto/md5.h"
#include "engine/kinesis_limits.h"
#include "store/tail_checkpoints.h"

#include <QRegularExpression>

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <deque>
#include <map>
#include <random>

namespace shs::producer {

namespace {

constexpr std::size_t kReadChunk = 256 * 1024; ///< per file per poll
constexpr std::size_t kMaxRecordBytes = 1024 * 1024;

bool ignoredName(const std::string &name)
{
    // The Agent's SourceFile.validateFile: compressed rotations are not tailed.
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    for (const char *ext : {".gz", ".bz2", ".zip"}) {
        const std::size_t n = std::strlen(ext);
        if (lower.size() >= n && lower.compare(lower.size() - n, n, ext) == 0)
            return true;
    }
    return false;
}

std::string hex(const std::array<std::uint8_t, 16> &d)
{
    static const char *digits = "0123456789abcdef";
    std::string s;
    for (const auto b : d) {
        s += digits[b >> 4];
        s += digits[b & 15];
    }
    return s;
}

std::string readAt(int fd, std::int64_t offset, std::size_t n)
{
    std::string out(n, '\0');
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::pread(fd, out.data() + got, n - got, off_t(offset + std::int64_t(got)));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += std::size_t(r);
    }
    out.resize(got);
    return out;
}

} // namespace

struct FileTailer::Impl : std::enable_shared_from_this<FileTailer::Impl>
{
    struct File
    {
        std::string id;
        std::string path;
        int fd = -1;
        std::int64_t size = 0;
        std::int64_t readPos = 0;  ///< next byte to read
        std::int64_t parsePos = 0; ///< file offset of pending[0]
        std::string pending;       ///< read, not yet a whole line
        std::string group;         ///< a multi-line record being gathered
        std::int64_t groupEnd = 0;
        bool hasGroup = false;
        bool skippingLongLine = false;
        std::int64_t headerLeft = 0;
        int generation = 0;
        std::map<std::int64_t, bool> unacked; ///< record end offset → acknowledged
        std::int64_t checkpoint = 0;
        std::string fingerprint;
        bool listed = true;
        bool grewLastPoll = false;
        int outstanding = 0; ///< records buffered or in flight, any generation
        bool truncatedThisPoll = false;
        /// Files are read in this order: as first seen (oldest first), and a copy takes its
        /// original's place while the truncated original goes last.
        std::int64_t rank = 0;
        bool restartedFromZero = false;
        ~File()
        {
            if (fd >= 0)
                ::close(fd);
        }
        std::int64_t consumed() const
        {
            return hasGroup ? groupEnd - std::int64_t(group.size()) : parsePos;
        }
    };
    struct Rec
    {
        std::string data;
        std::string key;
        std::string fileId;
        int generation = 0;
        std::int64_t endOffset = 0;
        std::int64_t readMs = 0;
    };

    AgentFlow flow;
    const core::Clock &clock;
    Sender sender;
    store::TailCheckpointFile *checkpoints;
    AgentProcessor processor;
    std::optional<QRegularExpression> startPattern;
    std::string directory;
    std::string namePattern;
    std::mt19937_64 random;
    crypto::Md5 md5;

    std::map<std::string, std::unique_ptr<File>> files;
    std::deque<Rec> buffer;
    std::size_t bufferBytes = 0;
    bool inFlight = false;
    std::vector<Rec> inFlightBatch; ///< the call in flight, in its entries' order
    std::int64_t inFlightOldestMs = 0;
    std::int64_t notBeforeMs = 0;
    std::int64_t backoffMs = 0;
    std::int64_t lastPollMs = std::numeric_limits<std::int64_t>::min();
    std::int64_t lastSaveMs = 0;
    std::int64_t nextRank = 0;
    bool dirty = false;
    bool firstRun = true;                                  ///< the flow has no checkpoints at all
    std::map<std::string, store::TailCheckpoint> restored; ///< until their file is seen
    Counts counts;

    Impl(AgentFlow f, const core::Clock &c, Sender s, store::TailCheckpointFile *cp,
         std::uint64_t seed)
        : flow(std::move(f)), clock(c), sender(std::move(s)), checkpoints(cp),
          processor(flow.dataProcessingOptions), random(seed)
    {
        const std::size_t slash = flow.filePattern.rfind('/');
        directory = slash == 0 ? "/" : flow.filePattern.substr(0, slash);
        namePattern = flow.filePattern.substr(slash + 1);
        if (flow.multiLineStartPattern)
            startPattern = QRegularExpression(QString::fromStdString(*flow.multiLineStartPattern));
    }

    std::string partitionKey(const std::string &data)
    {
        if (flow.partitionKeyOption == AgentFlow::PartitionKeyOption::Deterministic)
            return hex(md5.digest(data));
        // The Agent's "" + ThreadLocalRandom.current().nextDouble(1000000).
        const double v = std::uniform_real_distribution<double>(0.0, 1'000'000.0)(random);
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        return std::string(buf, r.ptr);
    }

    /// Marks the bytes up to `end` as done without a record (a header line, a dropped line).
    void markDone(File &f, std::int64_t end)
    {
        f.unacked[end] = true;
        advance(f);
    }
    void advance(File &f)
    {
        while (!f.unacked.empty() && f.unacked.begin()->second) {
            f.checkpoint = f.unacked.begin()->first;
            f.unacked.erase(f.unacked.begin());
            dirty = true;
        }
    }

    void emit(File &f, std::string data, std::int64_t end)
    {
        ++counts.recordsMade;
        auto processed
            = processor.empty() ? std::optional(std::move(data)) : processor.apply(std::move(data));
        if (!processed) {
            ++counts.recordsDropped;
            markDone(f, end);
            return;
        }
        std::string key = partitionKey(*processed);
        const std::size_t max = kMaxRecordBytes - key.size();
        if (processed->size() > max) {
            const std::size_t keep = max > flow.truncatedRecordTerminator.size()
                                         ? max - flow.truncatedRecordTerminator.size()
                                         : 0;
            processed->resize(keep);
            *processed += flow.truncatedRecordTerminator;
            ++counts.truncatedRecords;
        }
        f.unacked[end] = false;
        ++f.outstanding;
        bufferBytes += processed->size() + key.size();
        buffer.push_back(
            Rec{std::move(*processed), std::move(key), f.id, f.generation, end, clock.nowMs()});
    }

    bool startsGroup(const std::string &line) const
    {
        const QString text = QString::fromUtf8(line.data(), qsizetype(line.size()));
        return startPattern
            ->match(text, 0, QRegularExpression::NormalMatch,
                    QRegularExpression::AnchorAtOffsetMatchOption)
            .hasMatch();
    }

    void endGroup(File &f)
    {
        if (!f.hasGroup)
            return;
        f.hasGroup = false;
        emit(f, std::move(f.group), f.groupEnd);
        f.group.clear();
    }

    /// Whole lines of `pending` into records.
    void parse(File &f)
    {
        const std::size_t maxLine = kMaxRecordBytes;
        std::size_t at = 0;
        for (;;) {
            const std::size_t nl = f.pending.find('\n', at);
            if (f.skippingLongLine) {
                if (nl == std::string::npos) {
                    at = f.pending.size();
                    break;
                }
                at = nl + 1;
                f.skippingLongLine = false;
                markDone(f, f.parsePos + std::int64_t(at));
                continue;
            }
            if (nl == std::string::npos) {
                if (f.pending.size() - at >= maxLine) {
                    // A line longer than a record: its first part, cut, and the rest skipped.
                    endGroup(f);
                    ++counts.linesRead;
                    at += maxLine;
                    emit(f, f.pending.substr(at - maxLine, maxLine), f.parsePos + std::int64_t(at));
                    f.skippingLongLine = true;
                    continue;
                }
                break;
            }
            std::string line = f.pending.substr(at, nl + 1 - at);
            at = nl + 1;
            const std::int64_t lineEnd = f.parsePos + std::int64_t(at);
            ++counts.linesRead;
            if (f.headerLeft > 0) {
                --f.headerLeft;
                ++counts.recordsDropped;
                markDone(f, lineEnd);
                continue;
            }
            if (!startPattern) {
                emit(f, std::move(line), lineEnd);
                continue;
            }
            if (f.hasGroup && (startsGroup(line) || f.group.size() + line.size() > maxLine))
                endGroup(f);
            if (!f.hasGroup) {
                f.group = std::move(line);
                f.hasGroup = true;
            } else {
                f.group += line;
            }
            f.groupEnd = lineEnd;
        }
        f.pending.erase(0, at);
        f.parsePos += std::int64_t(at);
    }

    void resetFile(File &f, std::int64_t position)
    {
        f.readPos = f.parsePos = position;
        f.pending.clear();
        f.group.clear();
        f.hasGroup = false;
        f.skippingLongLine = false;
        f.headerLeft = position == 0 ? flow.skipHeaderLines : 0;
        ++f.generation;
        f.unacked.clear();
        f.checkpoint = position;
        f.fingerprint.clear(); // read again from the new content
        dirty = true;
    }

    void refreshFingerprint(File &f)
    {
        if (f.fingerprint.size() < kFingerprintBytes && f.size > std::int64_t(f.fingerprint.size()))
            f.fingerprint
                = readAt(f.fd, 0, std::size_t(std::min<std::int64_t>(f.size, kFingerprintBytes)));
    }

    bool bufferFull() const
    {
        return buffer.size() >= std::size_t(flow.maxBufferSizeRecords) * 4
               || bufferBytes >= std::size_t(flow.maxBufferSizeBytes) * 2;
    }

    struct Seen
    {
        std::string id;
        std::string path;
        struct stat st;
    };

    std::vector<Seen> list() const
    {
        std::vector<Seen> out;
        DIR *dir = ::opendir(directory.c_str());
        if (!dir)
            return out;
        while (const dirent *e = ::readdir(dir)) {
            const std::string name = e->d_name;
            if (name == "." || name == ".." || ignoredName(name)
                || ::fnmatch(namePattern.c_str(), name.c_str(), 0) != 0)
                continue;
            Seen s;
            s.path = directory == "/" ? "/" + name : directory + "/" + name;
            if (::stat(s.path.c_str(), &s.st) != 0 || !S_ISREG(s.st.st_mode))
                continue;
            s.id = std::to_string(s.st.st_dev) + ":" + std::to_string(s.st.st_ino);
            out.push_back(std::move(s));
        }
        ::closedir(dir);
        // Oldest first: a rotated file is read before the one that replaced it.
        std::sort(out.begin(), out.end(), [](const Seen &a, const Seen &b) {
            return std::tie(a.st.st_mtim.tv_sec, a.st.st_mtim.tv_nsec, a.path)
                   < std::tie(b.st.st_mtim.tv_sec, b.st.st_mtim.tv_nsec, b.path);
        });
        return out;
    }

    /// N, a copy of T (copy-truncate), carries on for T: T's records not yet acknowledged and
    /// its checkpoint become N's, and N is read from where T had got to.
    void takeOver(File &t, File &n)
    {
        n.checkpoint = t.checkpoint;
        n.unacked = std::move(t.unacked);
        t.unacked.clear();
        auto retarget = [&](Rec &r) {
            if (r.fileId != t.id || r.generation != t.generation)
                return;
            r.fileId = n.id;
            r.generation = n.generation;
            ++n.outstanding;
            --t.outstanding;
        };
        n.rank = t.rank;
        t.rank = nextRank++;
        for (Rec &r : buffer)
            retarget(r);
        for (Rec &r : inFlightBatch)
            retarget(r);
        ++counts.copiesFollowed;
    }

    /// Each new file's first bytes and size, by id.
    using Heads = std::map<std::string, std::pair<std::string, std::int64_t>>;

    /// Where a newly seen file starts (it is in `files` already).
    std::int64_t startPosition(File &n, const Heads &heads)
    {
        const std::string &head = heads.at(n.id).first;
        auto startsWith = [](const std::string &text, const std::string &prefix) {
            return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
        };
        auto same = [&](const std::string &fingerprint) { return startsWith(head, fingerprint); };
        // Known from before a restart, and still the same file.
        if (auto it = restored.find(n.id); it != restored.end()) {
            const auto &cp = it->second;
            if (same(cp.fingerprint) && cp.offset <= n.size)
                return cp.offset;
            n.restartedFromZero = true; // truncated or replaced while stopped: read after the rest
            return 0;
        }
        // A copy made while stopped of a checkpointed file that is now truncated or gone.
        for (const auto &[id, cp] : restored) {
            const auto now = heads.find(id);
            const bool original = now == heads.end() || now->second.second < cp.offset
                                  || !startsWith(now->second.first, cp.fingerprint);
            if (id != n.id && original && !cp.fingerprint.empty() && same(cp.fingerprint)
                && cp.offset <= n.size) {
                ++counts.copiesFollowed;
                return cp.offset;
            }
        }
        // A copy of a file tailed now (copy-truncate).
        for (auto &[id, t] : files) {
            if (t.get() == &n || t->fingerprint.empty())
                continue;
            const bool strong = t->fingerprint.size() >= kCopyMatchBytes || t->truncatedThisPoll;
            if (!strong || !same(t->fingerprint))
                continue;
            const std::int64_t from = t->consumed();
            if (from > n.size)
                continue;
            if (!t->truncatedThisPoll && t->readPos > n.size) {
                ++counts.copiesFollowed;
                return n.size; // the original has read all the copy holds
            }
            takeOver(*t, n);
            if (!t->truncatedThisPoll) {
                // The original goes on after what the copy holds; what it had read past
                // `from` is read again from the copy.
                t->pending.clear();
                t->group.clear();
                t->hasGroup = false;
                t->skippingLongLine = false;
                t->readPos = t->parsePos = t->checkpoint = n.size;
                dirty = true;
            }
            return from;
        }
        if (firstRun && flow.initialPosition == AgentFlow::InitialPosition::EndOfFile) {
            // After the last whole line, so a line being written is sent whole.
            const std::int64_t tail = std::min<std::int64_t>(n.size, 64 * 1024);
            const std::string end = readAt(n.fd, n.size - tail, std::size_t(tail));
            const std::size_t nl = end.rfind('\n');
            return nl == std::string::npos ? (tail < n.size ? n.size : 0)
                                           : n.size - tail + std::int64_t(nl) + 1;
        }
        return 0;
    }

    void poll()
    {
        const std::int64_t now = clock.nowMs();
        lastPollMs = now;
        const auto seen = list();
        for (auto &[id, f] : files) {
            f->listed = false;
            f->truncatedThisPoll = false;
        }
        // Known files: their new names.
        std::vector<const Seen *> fresh;
        for (const Seen &s : seen) {
            auto it = files.find(s.id);
            if (it == files.end()) {
                fresh.push_back(&s);
                continue;
            }
            File &f = *it->second;
            f.listed = true;
            if (f.path != s.path) {
                f.path = s.path;
                ++counts.rotations;
                dirty = true;
            }
        }
        // Truncations: a file shorter than it was or than what was read, or whose first bytes
        // changed (truncated and written past its old size between two polls).
        std::vector<File *> truncated;
        for (auto &[id, f] : files) {
            struct stat st;
            if (::fstat(f->fd, &st) != 0)
                continue;
            const std::int64_t size = st.st_size;
            const bool shorter = size < f->size || size < f->readPos;
            if (shorter || readAt(f->fd, 0, f->fingerprint.size()) != f->fingerprint) {
                f->truncatedThisPoll = true;
                truncated.push_back(f.get());
            }
            f->size = size;
        }
        // New files (a restart's known ones, copies, or new), before the truncations reset the
        // originals, so a copy can take over from where its original had got to.
        std::vector<std::unique_ptr<File>> opened;
        Heads heads;
        for (const Seen *s : fresh) {
            const int fd = ::open(s->path.c_str(), O_RDONLY | O_CLOEXEC);
            if (fd < 0)
                continue;
            struct stat st;
            if (::fstat(fd, &st) != 0
                || std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) != s->id) {
                ::close(fd); // replaced between the listing and the open: next poll
                continue;
            }
            auto f = std::make_unique<File>();
            f->id = s->id;
            f->path = s->path;
            f->fd = fd;
            f->size = st.st_size;
            heads[f->id] = {readAt(fd, 0,
                                   std::size_t(std::min<std::int64_t>(
                                       f->size, std::int64_t(kFingerprintBytes)))),
                            f->size};
            opened.push_back(std::move(f));
        }
        for (auto &f : opened) {
            File &ref = *f;
            ref.rank = nextRank++;
            ref.fingerprint = heads[ref.id].first;
            files.emplace(ref.id, std::move(f));
            ref.checkpoint = -1;
            const std::int64_t start = startPosition(ref, heads);
            ref.readPos = ref.parsePos = start;
            if (ref.checkpoint < 0)
                ref.checkpoint = start;
            ref.headerLeft = start == 0 ? flow.skipHeaderLines : 0;
            dirty = true;
        }
        for (auto &[id, f] : files)
            if (std::exchange(f->restartedFromZero, false))
                f->rank = nextRank++; // its new content is newer than any copy of its old
        for (File *f : truncated) {
            endGroup(*f);
            resetFile(*f, 0);
            ++counts.truncations;
        }
        for (auto &[id, f] : files)
            refreshFingerprint(*f);
        restored.clear(); // a checkpointed file not found now is gone
        firstRun = false;
        read();
    }

    void read()
    {
        std::vector<std::string> letGo;
        // In rank order: a rotated file's last lines go before the lines of the one replacing it.
        std::vector<std::pair<std::string, File *>> order;
        for (auto &[id, f] : files)
            order.emplace_back(id, f.get());
        std::sort(order.begin(), order.end(),
                  [](const auto &a, const auto &b) { return a.second->rank < b.second->rank; });
        for (auto &[id, f] : order) {
            if (bufferFull())
                break;
            const std::string chunk = readAt(f->fd, f->readPos, kReadChunk);
            f->readPos += std::int64_t(chunk.size());
            f->size = std::max(f->size, f->readPos);
            const bool grew = !chunk.empty();
            if (grew) {
                f->pending += chunk;
                parse(*f);
                refreshFingerprint(*f);
            } else if (!f->grewLastPoll) {
                endGroup(*f); // a group the file has not added to for a poll is whole
            }
            f->grewLastPoll = grew;
            if (!grew && !f->listed && !f->pending.empty() && !f->skippingLongLine) {
                // A file no longer written: its last line is whole without its newline.
                f->pending += '\n';
                parse(*f);
                endGroup(*f);
            }
            if (!grew && !f->listed && f->pending.empty() && !f->hasGroup && f->unacked.empty()
                && f->outstanding == 0)
                letGo.push_back(id);
        }
        for (const auto &id : letGo) {
            files.erase(id);
            ++counts.filesLetGo;
            dirty = true;
        }
    }

    void send(bool flushing)
    {
        if (inFlight || buffer.empty())
            return;
        const std::int64_t now = clock.nowMs();
        if (now < notBeforeMs)
            return;
        const bool due = flushing || buffer.size() >= std::size_t(flow.maxBufferSizeRecords)
                         || bufferBytes >= std::size_t(flow.maxBufferSizeBytes)
                         || now - buffer.front().readMs >= flow.maxBufferAgeMillis;
        if (!due)
            return;
        core::PutRecordsRequest request;
        request.stream.name = flow.kinesisStream;
        std::vector<Rec> batch;
        std::size_t bytes = 0;
        inFlightOldestMs = buffer.front().readMs;
        while (!buffer.empty() && batch.size() < std::size_t(flow.maxBufferSizeRecords)) {
            const std::size_t size = buffer.front().data.size() + buffer.front().key.size();
            if (!batch.empty() && bytes + size > std::size_t(flow.maxBufferSizeBytes))
                break;
            bytes += size;
            bufferBytes -= size;
            inFlightOldestMs = std::min(inFlightOldestMs, buffer.front().readMs);
            batch.push_back(std::move(buffer.front()));
            buffer.pop_front();
        }
        for (const Rec &r : batch)
            request.records.push_back({r.data, r.key, std::nullopt});
        inFlight = true;
        inFlightBatch = std::move(batch);
        std::weak_ptr<Impl> weak = shared_from_this();
        sender(std::move(request), [weak](core::Result<core::PutRecordsResult> result) {
            if (auto self = weak.lock())
                self->answered(std::move(result));
        });
    }

    void acknowledged(const Rec &r)
    {
        auto it = files.find(r.fileId);
        if (it == files.end())
            return;
        File &f = *it->second;
        --f.outstanding;
        if (r.generation != f.generation)
            return; // the file was truncated since: its new content has its own offsets
        f.unacked[r.endOffset] = true;
        advance(f);
    }

    void answered(core::Result<core::PutRecordsResult> result)
    {
        inFlight = false;
        std::vector<Rec> batch = std::move(inFlightBatch);
        inFlightBatch.clear();
        ++counts.putRecordsCalls;
        std::vector<Rec> again;
        if (!result) {
            ++counts.callsFailed;
            counts.lastError = result.error().toString();
            again = std::move(batch);
        } else {
            for (std::size_t i = 0; i < batch.size(); ++i) {
                const bool ok = i < result->records.size() && result->records[i].errorCode.empty();
                if (ok) {
                    ++counts.recordsSent;
                    counts.bytesSent += std::int64_t(batch[i].data.size());
                    acknowledged(batch[i]);
                    continue;
                }
                const std::string code
                    = i < result->records.size() ? result->records[i].errorCode : "InternalFailure";
                if (code == "ProvisionedThroughputExceededException")
                    ++counts.entriesThrottled;
                counts.lastError
                    = code + ": "
                      + (i < result->records.size() ? result->records[i].errorMessage : "");
                again.push_back(std::move(batch[i]));
            }
        }
        if (again.empty()) {
            backoffMs = 0;
            counts.lastError.clear(); // said while it lasted
            return;
        }
        counts.entriesRetried += std::int64_t(again.size());
        for (auto it = again.rbegin(); it != again.rend(); ++it) {
            bufferBytes += it->data.size() + it->key.size();
            buffer.push_front(std::move(*it));
        }
        backoffMs = backoffMs == 0 ? flow.retryInitialBackoffMillis
                                   : std::min(backoffMs * 2, flow.retryMaxBackoffMillis);
        notBeforeMs = clock.nowMs() + backoffMs;
    }

    core::Result<void> save()
    {
        if (!checkpoints)
            return {};
        std::vector<store::TailCheckpoint> rows;
        const std::int64_t now = clock.nowMs();
        for (const auto &[id, f] : files)
            rows.push_back({id, f->path, f->checkpoint, f->fingerprint, now});
        lastSaveMs = now;
        dirty = false;
        return checkpoints->save(flow.id(), rows);
    }

    void step(bool flushing)
    {
        const std::int64_t now = clock.nowMs();
        if (flushing || now - lastPollMs >= flow.minTimeBetweenFilePollsMillis)
            poll();
        if (flushing)
            for (auto &[id, f] : files)
                endGroup(*f);
        send(flushing);
        if (dirty && now - lastSaveMs >= kCheckpointEveryMs) {
            if (auto saved = save(); !saved)
                counts.lastError = saved.error().toString();
        }
    }
};

FileTailer::FileTailer(AgentFlow flow, const core::Clock &clock, Sender sender,
                       store::TailCheckpointFile *checkpoints, std::uint64_t seed)
    : m(std::make_shared<Impl>(std::move(flow), clock, std::move(sender), checkpoints, seed))
{}

FileTailer::~FileTailer() = default;

core::Result<void> FileTailer::start()
{
    if (m->checkpoints) {
        auto known = m->checkpoints->known(m->flow.id());
        if (!known)
            return known.error();
        m->firstRun = !*known;
        auto rows = m->checkpoints->load(m->flow.id());
        if (!rows)
            return rows.error();
        for (auto &row : *rows)
            m->restored.emplace(row.fileId, std::move(row));
    }
    m->poll();
    return m->save();
}

void FileTailer::tick()
{
    m->step(false);
}

void FileTailer::flush()
{
    m->step(true);
}

bool FileTailer::idle() const
{
    return !m->inFlight && m->buffer.empty();
}

core::Result<void> FileTailer::saveCheckpoints()
{
    return m->save();
}

FileTailer::Counts FileTailer::counts() const
{
    Counts c = m->counts;
    c.filesTracked = std::int64_t(m->files.size());
    std::int64_t oldest = std::numeric_limits<std::int64_t>::max();
    if (!m->buffer.empty())
        oldest = m->buffer.front().readMs;
    if (m->inFlight)
        oldest = std::min(oldest, m->inFlightOldestMs);
    std::int64_t outstanding = 0;
    for (const auto &[id, f] : m->files) {
        c.bytesBehind += std::max<std::int64_t>(0, f->size - f->checkpoint);
        outstanding += f->outstanding;
    }
    c.buffered = outstanding;
    c.lagMs = oldest == std::numeric_limits<std::int64_t>::max()
                  ? 0
                  : std::max<std::int64_t>(0, m->clock.nowMs() - oldest);
    return c;
}

std::vector<FileTailer::FileState> FileTailer::files() const
{
    std::vector<FileState> out;
    for (const auto &[id, f] : m->files)
        out.push_back({id, f->path, f->size, f->readPos, f->checkpoint, f->listed});
    std::sort(out.begin(), out.end(),
              [](const FileState &a, const FileState &b) { return a.path < b.path; });
    return out;
}

const AgentFlow &FileTailer::flow() const
{
    return m->flow;
}

} // namespace shs::producer
