// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "zoned_storage.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace shs::store {

using namespace shs::core;
using State = ZoneStatus::State;

namespace {

std::int64_t wallMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// What SQLite answers a write on a full or failing disk (the zone's simulated disk fault).
Error diskRefusal(const std::string &fault)
{
    return makeError(ErrorCode::StorageFailure, "Cannot begin a transaction: " + fault);
}

void removeFiles(const std::string &path)
{
    std::error_code ignored;
    for (const char *suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path + suffix, ignored);
}

} // namespace

struct ZonedStorage::Impl
{
    struct Zone
    {
        std::string name;
        std::string path;
        std::shared_ptr<SqliteStorage> db; ///< replaced when the zone is rebuilt
        std::uint64_t generation = 0;      ///< bumped with db, so readers reopen
        State state = State::InSync;
        std::uint64_t lsn = 0;
        std::uint64_t behind = 0;
        std::uint64_t copied = 0;
        std::map<std::uint64_t, std::uint64_t> behindByStream;
        std::string detail;
        bool wipe = false;     ///< the worker deletes its files before rebuilding
        std::string diskFault; ///< a simulated full or failing disk: SQLite's text for it
        bool syncing = false;  ///< the worker is catching up (state CatchingUp or Rebuilding)
        bool wantDown = false; ///< taken down while catching up: the worker stops
        // The commit task handed to the worker.
        const WriteBatch *task = nullptr;
        std::uint64_t taskLsn = 0;
        bool taskDone = true;
        Result<void> taskResult = ok();
        std::thread worker;
    };

    ZoneOptions options;
    std::vector<Zone> zones;
    mutable std::mutex mutex;
    mutable std::condition_variable cv;
    std::mutex commitMutex; ///< held by a commit, and by a zone's last catch-up round
    std::uint64_t lsn = 0;
    bool stopping = false;
    std::unordered_map<std::uint64_t, std::uint64_t> streamOfShard;

    /// The first zone in sync other than `skip`, or zones.size(); the caller holds the mutex.
    std::size_t firstInSyncIndex(std::size_t skip = SIZE_MAX) const
    {
        for (std::size_t i = 0; i < zones.size(); ++i)
            if (i != skip && zones[i].state == State::InSync)
                return i;
        return zones.size();
    }
    Zone *firstInSync(std::size_t skip = SIZE_MAX)
    {
        const std::size_t i = firstInSyncIndex(skip);
        return i < zones.size() ? &zones[i] : nullptr;
    }
    static Error noZoneInSync()
    {
        return makeError(ErrorCode::ServiceUnavailable,
                         "Service Unavailable. No zone holds this data directory's records in "
                         "sync now; bring a zone back up.");
    }
    int inSync() const
    {
        return int(std::count_if(zones.begin(), zones.end(),
                                 [](const Zone &z) { return z.state == State::InSync; }));
    }
    /// The engine thread's zone to read from (a zone in sync).
    Result<std::shared_ptr<SqliteStorage>> readZone() const
    {
        std::lock_guard lock(mutex);
        const std::size_t i = firstInSyncIndex();
        if (i == zones.size())
            return noZoneInSync();
        return zones[i].db;
    }
    void startSync(Zone &z, State state)
    {
        z.state = state;
        z.copied = 0;
        z.detail.clear();
        z.wantDown = false;
        z.syncing = true;
        cv.notify_all();
    }
    void workerLoop(std::size_t index);
    void catchUp(std::size_t index);
};

ZonedStorage::ZonedStorage() : d(std::make_shared<Impl>()) {}

ZonedStorage::~ZonedStorage()
{
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
    }
    d->cv.notify_all();
    for (auto &z : d->zones)
        if (z.worker.joinable())
            z.worker.join();
}

Result<std::unique_ptr<ZonedStorage>> ZonedStorage::open(const ZoneOptions &options)
{
    std::unique_ptr<ZonedStorage> self(new ZonedStorage);
    Impl &d = *self->d;
    d.options = options;
    d.zones.resize(options.paths.size());
    std::vector<bool> existed(options.paths.size());
    std::optional<Error> firstFailure;
    bool anyExisted = false;
    for (std::size_t i = 0; i < options.paths.size(); ++i) {
        auto &z = d.zones[i];
        z.name = i < options.names.size() ? options.names[i] : "zone-" + std::to_string(i);
        z.path = options.paths[i];
        existed[i] = std::filesystem::exists(z.path);
        anyExisted = anyExisted || existed[i];
        SqliteOptions o = options.sqlite;
        o.path = z.path;
        auto db = SqliteStorage::open(o);
        Result<std::uint64_t> lsn = db ? (*db)->lsn() : Result<std::uint64_t>(db.error());
        if (!lsn) {
            // Unreadable: set aside (never deleted: the user may want to look) and rebuilt.
            if (!firstFailure)
                firstFailure = lsn.error();
            db = Result<std::unique_ptr<SqliteStorage>>(lsn.error());
            const std::string aside = z.path + ".damaged-" + std::to_string(wallMs());
            std::error_code ignored;
            for (const char *suffix : {"", "-wal", "-shm"})
                std::filesystem::rename(z.path + suffix, aside + suffix, ignored);
            z.detail = "Its file did not open (" + lsn.error().message + "); it was moved to "
                       + aside + " and the zone is rebuilt from its peers.";
            existed[i] = false;
            db = SqliteStorage::open(o);
            if (!db)
                return db.error();
            lsn = std::uint64_t(0);
        }
        z.db = std::shared_ptr<SqliteStorage>(std::move(*db));
        z.lsn = *lsn;
    }
    // The zones at the highest position are in sync; a zone created now beside existing ones is
    // rebuilt; the others catch up.
    std::uint64_t highest = 0;
    for (std::size_t i = 0; i < d.zones.size(); ++i)
        if (existed[i] || !anyExisted)
            highest = std::max(highest, d.zones[i].lsn);
    for (std::size_t i = 0; i < d.zones.size(); ++i) {
        auto &z = d.zones[i];
        if (anyExisted && !existed[i]) {
            z.state = State::Rebuilding;
            z.syncing = true;
            if (z.detail.empty())
                z.detail = "Its file was missing; the zone is rebuilt from its peers.";
        } else if (z.lsn < highest) {
            z.state = State::CatchingUp;
            z.syncing = true;
        }
    }
    if (d.inSync() == 0)
        return firstFailure ? *firstFailure
                            : makeError(ErrorCode::StorageFailure,
                                        "No zone of this data directory could be opened.");
    d.lsn = highest;
    for (std::size_t i = 0; i < d.zones.size(); ++i)
        d.zones[i].worker = std::thread([impl = self->d.get(), i] { impl->workerLoop(i); });
    // Recovery: the engine opens writable, so wait until two zones are in sync (a zone that
    // missed the last batches of the previous run catches up in moments) or none can be.
    std::unique_lock lock(d.mutex);
    d.cv.wait(lock, [&] {
        return d.inSync() >= 2
               || std::none_of(d.zones.begin(), d.zones.end(),
                               [](const Impl::Zone &z) { return z.syncing; });
    });
    lock.unlock();
    return self;
}

void ZonedStorage::Impl::workerLoop(std::size_t index)
{
    Zone &z = zones[index];
    std::unique_lock lock(mutex);
    for (;;) {
        cv.wait(lock, [&] { return stopping || !z.taskDone || z.syncing; });
        if (!z.taskDone) {
            const WriteBatch *batch = z.task;
            const std::uint64_t at = z.taskLsn;
            auto db = z.db;
            const std::string fault = z.diskFault;
            lock.unlock();
            Result<void> r = fault.empty() ? db->commitAt(*batch, at) : diskRefusal(fault);
            lock.lock();
            z.taskResult = std::move(r);
            z.taskDone = true;
            cv.notify_all();
            continue;
        }
        if (stopping)
            return;
        if (z.syncing) {
            lock.unlock();
            catchUp(index);
            lock.lock();
        }
    }
}

void ZonedStorage::Impl::catchUp(std::size_t index)
{
    Zone &z = zones[index];
    std::shared_ptr<SqliteStorage> db;
    {
        std::unique_lock lock(mutex);
        if (z.wipe) {
            z.wipe = false;
            z.db.reset(); // readers holding the old file keep it until they reopen
            lock.unlock();
            removeFiles(z.path);
            SqliteOptions o = options.sqlite;
            o.path = z.path;
            auto fresh = SqliteStorage::open(o);
            lock.lock();
            if (!fresh) {
                z.state = State::Failed;
                z.detail = fresh.error().message;
                z.syncing = false;
                cv.notify_all();
                return;
            }
            z.db = std::shared_ptr<SqliteStorage>(std::move(*fresh));
            z.lsn = 0;
            ++z.generation;
        }
        db = z.db;
    }
    auto fail = [&](const Error &e) {
        std::lock_guard lock(mutex);
        z.state = State::Failed;
        z.detail = "Catching up failed: " + e.message;
        z.syncing = false;
        cv.notify_all();
    };
    std::string peerName;
    for (;;) {
        std::string peer;
        {
            std::unique_lock lock(mutex);
            for (;;) {
                if (stopping) {
                    z.syncing = false;
                    return;
                }
                if (z.wantDown) {
                    z.state = State::Down;
                    z.syncing = false;
                    z.wantDown = false;
                    cv.notify_all();
                    return;
                }
                if (Zone *p = firstInSync(index)) {
                    peer = p->path;
                    break;
                }
                // No zone in sync to copy from: wait for one.
                cv.wait_for(lock, std::chrono::milliseconds(200));
            }
        }
        auto round = db->syncFrom(peer, false, options.syncChunk);
        if (!round)
            return fail(round.error());
        {
            std::lock_guard lock(mutex);
            z.copied += round->copied;
            z.behind = round->remaining;
            z.behindByStream = round->remainingByStream;
            cv.notify_all();
        }
        if (round->remaining > options.syncChunk / 4 && round->copied > 0)
            continue;
        // The last round, between two commits: nothing is written meanwhile.
        std::lock_guard commits(commitMutex);
        {
            std::lock_guard lock(mutex);
            Zone *p = firstInSync(index);
            if (!p || z.wantDown || stopping)
                continue;
            peer = p->path;
            peerName = p->name;
        }
        auto last = db->syncFrom(peer, true, 0);
        if (!last)
            return fail(last.error());
        auto position = db->lsn();
        if (!position)
            return fail(position.error());
        std::lock_guard lock(mutex);
        z.copied += last->copied;
        z.lsn = *position;
        z.behind = 0;
        z.behindByStream.clear();
        // A rebuild says so (and why) until the next change; a catch-up leaves nothing to say.
        z.detail = z.state == State::Rebuilding
                       ? "Rebuilt from " + peerName + " (" + std::to_string(z.copied)
                             + " records copied)." + (z.detail.empty() ? "" : " " + z.detail)
                       : std::string();
        z.state = State::InSync;
        z.syncing = false;
        cv.notify_all();
        return;
    }
}

Result<LoadedState> ZonedStorage::load()
{
    auto db = d->readZone();
    if (!db)
        return db.error();
    auto state = (*db)->load();
    if (state) {
        std::lock_guard lock(d->mutex);
        for (const auto &sh : state->shards)
            d->streamOfShard[sh.uid] = sh.streamUid;
    }
    return state;
}

Result<void> ZonedStorage::readRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                       std::int64_t minTs, std::size_t limit, std::size_t maxBytes,
                                       std::vector<StoredRecord> &out)
{
    auto db = d->readZone();
    if (!db)
        return db.error();
    return (*db)->readRecords(shardUid, fromSeq, minTs, limit, maxBytes, out);
}

Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
ZonedStorage::firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq)
{
    auto db = d->readZone();
    if (!db)
        return db.error();
    return (*db)->firstRecordFrom(shardUid, fromSeq);
}

Result<std::uint64_t> ZonedStorage::countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                                 std::uint64_t toSeq)
{
    auto db = d->readZone();
    if (!db)
        return db.error();
    return (*db)->countRecords(shardUid, fromSeq, toSeq);
}

Result<void> ZonedStorage::readMinutePoints(std::uint64_t streamUid, std::int64_t fromMinute,
                                            std::int64_t toMinute, std::vector<MinutePoint> &out)
{
    auto db = d->readZone();
    if (!db)
        return db.error();
    return (*db)->readMinutePoints(streamUid, fromMinute, toMinute, out);
}

namespace {

/// A reader thread's view: one connection per zone, opened when first needed and again after the
/// zone was rebuilt; each read goes to a zone in sync.
class ZonedReader final : public RecordReader
{
  public:
    using Impl = ZonedStorage::Impl;
    explicit ZonedReader(std::shared_ptr<Impl> impl) : m_impl(std::move(impl))
    {
        m_readers.resize(m_impl->zones.size());
    }

    Result<void> readRecords(std::uint64_t shardUid, std::uint64_t fromSeq, std::int64_t minTs,
                             std::size_t limit, std::size_t maxBytes,
                             std::vector<StoredRecord> &out) override
    {
        auto r = reader();
        if (!r)
            return r.error();
        return (*r)->readRecords(shardUid, fromSeq, minTs, limit, maxBytes, out);
    }
    Result<std::optional<std::pair<std::uint64_t, std::int64_t>>>
    firstRecordFrom(std::uint64_t shardUid, std::uint64_t fromSeq) override
    {
        auto r = reader();
        if (!r)
            return r.error();
        return (*r)->firstRecordFrom(shardUid, fromSeq);
    }
    Result<std::uint64_t> countRecords(std::uint64_t shardUid, std::uint64_t fromSeq,
                                       std::uint64_t toSeq) override
    {
        auto r = reader();
        if (!r)
            return r.error();
        return (*r)->countRecords(shardUid, fromSeq, toSeq);
    }

  private:
    struct Held
    {
        std::uint64_t generation = 0;
        std::unique_ptr<RecordReader> reader;
    };

    Result<RecordReader *> reader()
    {
        std::shared_ptr<SqliteStorage> db;
        std::size_t index = 0;
        std::uint64_t generation = 0;
        {
            std::lock_guard lock(m_impl->mutex);
            index = m_impl->firstInSyncIndex();
            if (index == m_impl->zones.size())
                return Impl::noZoneInSync();
            db = m_impl->zones[index].db;
            generation = m_impl->zones[index].generation;
        }
        Held &held = m_readers[index];
        if (!held.reader || held.generation != generation) {
            auto opened = db->openReader();
            if (!opened)
                return opened.error();
            held.reader = std::move(*opened);
            held.generation = generation;
        }
        return held.reader.get();
    }

    std::shared_ptr<Impl> m_impl;
    std::vector<Held> m_readers;
};

} // namespace

Result<std::unique_ptr<RecordReader>> ZonedStorage::openReader()
{
    return std::unique_ptr<RecordReader>(std::make_unique<ZonedReader>(d));
}

Result<void> ZonedStorage::commit(const WriteBatch &batch)
{
    std::lock_guard commits(d->commitMutex);
    std::unique_lock lock(d->mutex);
    const std::uint64_t at = ++d->lsn;
    for (const auto &sh : batch.upsertShards)
        d->streamOfShard[sh.uid] = sh.streamUid;
    // A zone that does not take this batch lacks its records, counted per stream.
    auto missed = [&](Impl::Zone &z) {
        z.behind += batch.records.size();
        for (const auto &r : batch.records) {
            auto s = d->streamOfShard.find(r.shardUid);
            if (s != d->streamOfShard.end())
                ++z.behindByStream[s->second];
        }
    };
    std::vector<Impl::Zone *> targets;
    for (auto &z : d->zones) {
        if (z.state == State::InSync) {
            // The first zone in sync is written on this thread (one hand-off fewer); the
            // others by their own threads, so that the fsyncs overlap.
            z.task = &batch;
            z.taskLsn = at;
            z.taskDone = targets.empty();
            targets.push_back(&z);
        } else {
            missed(z); // down, failed or still copying
        }
    }
    d->cv.notify_all();
    if (!targets.empty()) {
        Impl::Zone &here = *targets.front();
        auto db = here.db;
        const std::string fault = here.diskFault;
        lock.unlock();
        Result<void> r = fault.empty() ? db->commitAt(batch, at) : diskRefusal(fault);
        lock.lock();
        here.taskResult = std::move(r);
    }
    d->cv.wait(lock, [&] {
        return std::all_of(targets.begin(), targets.end(),
                           [](const Impl::Zone *z) { return z->taskDone; });
    });
    int held = 0;
    std::optional<Error> failure;
    std::string holders;
    for (auto *z : targets) {
        z->task = nullptr;
        if (z->taskResult) {
            ++held;
            z->lsn = at;
            holders += (holders.empty() ? "" : ", ") + z->name;
            continue;
        }
        if (!failure)
            failure = z->taskResult.error();
        if (z->state == State::InSync) {
            z->state = State::Failed;
            z->detail = "Its disk refused a write: " + z->taskResult.error().message;
            missed(*z);
        }
    }
    for (const auto &uid : batch.deleteShards)
        d->streamOfShard.erase(uid);
    if (held >= 2)
        return ok();
    if (held == 0)
        return failure ? *failure
                       : makeError(ErrorCode::StorageFailure, "No zone is in sync to write to.");
    return makeError(ErrorCode::ServiceUnavailable,
                     "Service Unavailable. Only " + holders
                         + " holds this write: a write is acknowledged when two zones hold it. "
                           "Bring another zone back up; the write may still appear.");
}

Result<void> ZonedStorage::acceptingWrites() const
{
    std::lock_guard lock(d->mutex);
    if (d->inSync() >= 2)
        return ok();
    std::string out;
    for (const auto &z : d->zones)
        if (z.state != State::InSync)
            out += (out.empty() ? "" : ", ") + z.name + " is "
                   + std::string(zoneStateName(z.state));
    return makeError(ErrorCode::ServiceUnavailable,
                     "Service Unavailable. A write needs two zones in sync, and " + out
                         + ". Reads go on from the zone in sync; bring a zone back up (Zones in "
                           "the window, or shardscope-cli zones up ZONE).");
}

std::vector<ZoneStatus> ZonedStorage::zones() const
{
    std::lock_guard lock(d->mutex);
    std::vector<ZoneStatus> out;
    for (const auto &z : d->zones)
        out.push_back({z.name, z.state, z.lsn, z.behind, z.copied, z.behindByStream, z.detail});
    return out;
}

Result<void> ZonedStorage::changeZone(const std::string &zone, ZoneAction action)
{
    std::lock_guard lock(d->mutex);
    auto it = std::find_if(d->zones.begin(), d->zones.end(),
                           [&](const Impl::Zone &z) { return z.name == zone; });
    if (it == d->zones.end()) {
        std::string names;
        for (const auto &z : d->zones)
            names += (names.empty() ? "" : ", ") + z.name;
        return makeError(ErrorCode::InvalidArgument,
                         "There is no zone " + zone + "; the zones are " + names + ".");
    }
    Impl::Zone &z = *it;
    const bool lastInSync = z.state == State::InSync && d->inSync() == 1;
    switch (action) {
    case ZoneAction::Down:
        if (lastInSync)
            return makeError(ErrorCode::InvalidArgument,
                             z.name
                                 + " is the last zone in sync: taking it down would leave no "
                                   "copy to read from. Bring another zone up first.");
        if (z.syncing)
            z.wantDown = true;
        else if (z.state != State::Down) {
            z.state = State::Down;
            z.detail.clear();
        }
        break;
    case ZoneAction::Up:
        z.diskFault.clear(); // a full disk freed, a failing one replaced
        if (z.syncing)
            z.wantDown = false;
        else if (z.state == State::Down || z.state == State::Failed)
            d->startSync(z, State::CatchingUp);
        break;
    case ZoneAction::DiskFull:
    case ZoneAction::DiskFailing:
        // Its next write fails as SQLite fails it, and the zone drops out (Failed).
        z.diskFault
            = action == ZoneAction::DiskFull ? "database or disk is full" : "disk I/O error";
        break;
    case ZoneAction::Wipe:
        if (lastInSync)
            return makeError(ErrorCode::InvalidArgument,
                             z.name
                                 + " is the last zone in sync: wiping it would lose the data. "
                                   "Bring another zone up first.");
        if (z.syncing)
            return makeError(ErrorCode::ResourceInUse,
                             z.name + " is " + std::string(zoneStateName(z.state))
                                 + "; wipe it once that is done, or take it down first.");
        z.wipe = true;
        z.behind = 0;
        z.behindByStream.clear();
        d->startSync(z, State::Rebuilding);
        break;
    }
    d->cv.notify_all();
    return ok();
}

bool ZonedStorage::waitSettled(std::chrono::milliseconds timeout) const
{
    std::unique_lock lock(d->mutex);
    return d->cv.wait_for(lock, timeout, [&] {
        return std::none_of(d->zones.begin(), d->zones.end(),
                            [](const Impl::Zone &z) { return z.syncing; });
    });
}

} // namespace shs::store
