// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// bench_sqlite_raw: the raw SQLite append ceiling on this machine, with Shardscope's layout
// (WAL, 16 KiB pages, WITHOUT ROWID records keyed by (shard, seq), synchronous FULL), prepared
// statements and nothing else: no engine, no threads, no copies. The engine's durable
// PutRecords rate is compared against this number (README, benchmarks).
//
// usage: bench_sqlite_raw DIR [records=400000] [batch=500] [size=1024] [shards=4] [sync=FULL]
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(
            stderr,
            "usage: bench_sqlite_raw DIR [records] [batch] [size] [shards] [FULL|NORMAL]\n");
        return 2;
    }
    const std::string dir = argv[1];
    const long records = argc > 2 ? std::atol(argv[2]) : 400000;
    const long batch = argc > 3 ? std::atol(argv[3]) : 500;
    const long size = argc > 4 ? std::atol(argv[4]) : 1024;
    const long shards = argc > 5 ? std::atol(argv[5]) : 4;
    const std::string sync = argc > 6 ? argv[6] : "FULL";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/raw.db";
    std::filesystem::remove(path);
    std::filesystem::remove(path + "-wal");
    std::filesystem::remove(path + "-shm");
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK)
        return 1;
    const std::string pragmas
        = "PRAGMA page_size=16384; PRAGMA auto_vacuum="
          + std::string(std::getenv("AUTOVAC") ? std::getenv("AUTOVAC") : "INCREMENTAL")
          + "; PRAGMA journal_mode=WAL; "
            "PRAGMA synchronous="
          + sync + "; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint="
          + std::string(std::getenv("AUTOCKPT") ? std::getenv("AUTOCKPT") : "1000")
          + ";"
            "CREATE TABLE records(shard INTEGER NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT "
            "NULL,"
            " pk TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(shard, seq)) WITHOUT ROWID;";
    sqlite3_exec(db, pragmas.c_str(), nullptr, nullptr, nullptr);
    sqlite3_stmt *ins = nullptr;
    sqlite3_prepare_v3(db, "INSERT INTO records(shard, seq, ts, pk, data) VALUES(?1,?2,?3,?4,?5)",
                       -1, SQLITE_PREPARE_PERSISTENT, &ins, nullptr);
    // SHS_BG_CHECKPOINT=1: checkpoint from a second connection on its own thread instead of
    // in the writer (what Shardscope's storage does).
    std::atomic<bool> stop{false};
    std::thread checkpointer;
    if (std::getenv("SHS_BG_CHECKPOINT")) {
        sqlite3_exec(db, "PRAGMA wal_autocheckpoint=0", nullptr, nullptr, nullptr);
        checkpointer = std::thread([&] {
            sqlite3 *c = nullptr;
            sqlite3_open(path.c_str(), &c);
            while (!stop.load()) {
                int log = 0, done = 0;
                sqlite3_wal_checkpoint_v2(c, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            sqlite3_close(c);
        });
    }
    std::string payload(static_cast<std::size_t>(size), 'x');
    const auto t0 = std::chrono::steady_clock::now();
    long seq = 0;
    long commits = 0;
    while (seq < records) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (long i = 0; i < batch && seq < records; ++i, ++seq) {
            const std::string pk = "key-" + std::to_string(seq % 1000);
            sqlite3_bind_int64(ins, 1, seq % shards);
            sqlite3_bind_int64(ins, 2, seq);
            sqlite3_bind_int64(ins, 3, 1780000000000 + seq / 1000);
            sqlite3_bind_text(ins, 4, pk.data(), static_cast<int>(pk.size()), SQLITE_STATIC);
            sqlite3_bind_blob(ins, 5, payload.data(), static_cast<int>(payload.size()),
                              SQLITE_STATIC);
            if (sqlite3_step(ins) != SQLITE_DONE)
                return 1;
            sqlite3_reset(ins);
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            return 1;
        ++commits;
    }
    const double secs
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    stop = true;
    if (checkpointer.joinable())
        checkpointer.join();
    std::printf("{\"Tool\": \"bench_sqlite_raw\", \"Records\": %ld, \"Batch\": %ld, "
                "\"RecordBytes\": %ld, \"Shards\": %ld, "
                "\"Synchronous\": \"%s\", \"Seconds\": %.3f, \"RecordsPerSecond\": %.0f, "
                "\"MicrosPerCommit\": %.1f}\n",
                records, batch, size, shards, sync.c_str(), secs, double(records) / secs,
                secs * 1e6 / double(commits));
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return 0;
}
