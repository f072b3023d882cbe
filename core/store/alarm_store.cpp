// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "alarm_store.h"

#include "sqlite_stmt.h"

namespace shs::store {

using alarms::AlarmDefinition;
using core::ErrorCode;
using core::makeError;
using core::Result;

namespace {

constexpr const char *kSchema = R"sql(
CREATE TABLE IF NOT EXISTS alarms(
    name TEXT PRIMARY KEY, description TEXT NOT NULL, stream TEXT NOT NULL, shard TEXT,
    metric TEXT NOT NULL, statistic TEXT NOT NULL, period INTEGER NOT NULL,
    evaluation_periods INTEGER NOT NULL, datapoints_to_alarm INTEGER NOT NULL,
    threshold REAL NOT NULL, comparison TEXT NOT NULL, treat_missing_data TEXT NOT NULL,
    state TEXT NOT NULL, reason TEXT NOT NULL, state_updated_ms INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alarm_history(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, timestamp_ms INTEGER NOT NULL,
    old_state TEXT NOT NULL, new_state TEXT NOT NULL, summary TEXT NOT NULL, reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS alarm_history_by_name ON alarm_history(name, timestamp_ms);
)sql";

core::Error sqlError(sqlite3 *db, const std::string &what)
{
    return makeError(ErrorCode::StorageFailure,
                     "alarms: " + what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

} // namespace

Result<std::unique_ptr<AlarmStore>> AlarmStore::open(const std::string &path)
{
    std::unique_ptr<AlarmStore> s(new AlarmStore);
    switch (openShared(path, kSchema, &s->m_db)) {
    case OpenStep::Open:
        return sqlError(s->m_db, "cannot open " + path);
    case OpenStep::Schema:
        return sqlError(s->m_db, "cannot create the tables in " + path);
    case OpenStep::Done:
        break;
    }
    return s;
}

AlarmStore::~AlarmStore()
{
    sqlite3_close(m_db);
}

Result<void> AlarmStore::put(const AlarmDefinition &a, std::int64_t nowMs)
{
    if (auto valid = alarms::validate(a); !valid)
        return valid.error();
    const std::lock_guard lock(m_mutex);
    // A new alarm starts unchecked; a redefined one keeps its state until evaluated again.
    Stmt s(m_db, R"sql(
        INSERT INTO alarms(name, description, stream, shard, metric, statistic, period,
            evaluation_periods, datapoints_to_alarm, threshold, comparison, treat_missing_data,
            state, reason, state_updated_ms)
        VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'INSUFFICIENT_DATA',
            'Unchecked: Initial alarm creation', ?13)
        ON CONFLICT(name) DO UPDATE SET description = ?2, stream = ?3, shard = ?4, metric = ?5,
            statistic = ?6, period = ?7, evaluation_periods = ?8, datapoints_to_alarm = ?9,
            threshold = ?10, comparison = ?11, treat_missing_data = ?12)sql");
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, a.name);
    s.bind(2, a.description);
    s.bind(3, a.streamName);
    s.bindOwner(4, a.shardId.value_or(""));
    s.bind(5, a.metricName);
    s.bind(6, std::string(alarms::toString(a.statistic)));
    s.bind(7, std::int64_t(a.periodSeconds));
    s.bind(8, std::int64_t(a.evaluationPeriods));
    s.bind(9, std::int64_t(a.datapointsToAlarm));
    s.bind(10, a.threshold);
    s.bind(11, std::string(alarms::toString(a.comparison)));
    s.bind(12, std::string(alarms::toString(a.treatMissingData)));
    s.bind(13, nowMs);
    if (s.step() != SQLITE_DONE)
        return sqlError(m_db, "cannot write the alarm " + a.name);
    return {};
}

Result<void> AlarmStore::remove(const std::vector<std::string> &names)
{
    const std::lock_guard lock(m_mutex);
    for (const auto &name : names) {
        Stmt exists(m_db, "SELECT 1 FROM alarms WHERE name = ?1");
        exists.bind(1, name);
        if (exists.step() != SQLITE_ROW)
            return makeError(ErrorCode::ResourceNotFound, "Alarm " + name + " not found");
    }
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlError(m_db, "cannot begin");
    for (const auto &name : names) {
        Stmt a(m_db, "DELETE FROM alarms WHERE name = ?1");
        Stmt h(m_db, "DELETE FROM alarm_history WHERE name = ?1");
        a.bind(1, name);
        h.bind(1, name);
        if (a.step() != SQLITE_DONE || h.step() != SQLITE_DONE) {
            auto e = sqlError(m_db, "cannot delete the alarm " + name);
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            return e;
        }
    }
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlError(m_db, "cannot commit");
    return {};
}

Result<std::vector<alarms::StoredAlarm>> AlarmStore::list(const std::string &stream)
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, R"sql(
        SELECT name, description, stream, shard, metric, statistic, period, evaluation_periods,
            datapoints_to_alarm, threshold, comparison, treat_missing_data, state, reason,
            state_updated_ms
        FROM alarms WHERE ?1 = '' OR stream = ?1 ORDER BY name)sql");
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, stream);
    std::vector<alarms::StoredAlarm> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        alarms::StoredAlarm a;
        AlarmDefinition &d = a.definition;
        d.name = s.text(0);
        d.description = s.text(1);
        d.streamName = s.text(2);
        if (const std::string shard = s.text(3); !shard.empty())
            d.shardId = shard;
        d.metricName = s.text(4);
        d.statistic = alarms::parseStatistic(s.text(5)).value_or(alarms::Statistic::Average);
        d.periodSeconds = int(s.i64(6));
        d.evaluationPeriods = int(s.i64(7));
        d.datapointsToAlarm = int(s.i64(8));
        d.threshold = s.real(9);
        d.comparison = alarms::parseComparison(s.text(10))
                           .value_or(alarms::Comparison::GreaterThanOrEqualToThreshold);
        d.treatMissingData
            = alarms::parseMissingData(s.text(11)).value_or(alarms::MissingData::Missing);
        a.status.state = alarms::parseState(s.text(12)).value_or(alarms::State::InsufficientData);
        a.status.reason = s.text(13);
        a.status.updatedMs = s.i64(14);
        out.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE)
        return sqlError(m_db, "cannot read the alarms");
    return out;
}

Result<void> AlarmStore::recordState(const std::string &name, const alarms::HistoryItem &item)
{
    const std::lock_guard lock(m_mutex);
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlError(m_db, "cannot begin");
    Stmt u(m_db,
           "UPDATE alarms SET state = ?2, reason = ?3, state_updated_ms = ?4 WHERE name = ?1");
    Stmt h(m_db, "INSERT INTO alarm_history(name, timestamp_ms, old_state, new_state, summary, "
                 "reason) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    u.bind(1, name);
    u.bind(2, std::string(alarms::toString(item.newState)));
    u.bind(3, item.reason);
    u.bind(4, item.timestampMs);
    h.bind(1, name);
    h.bind(2, item.timestampMs);
    h.bind(3, std::string(alarms::toString(item.oldState)));
    h.bind(4, std::string(alarms::toString(item.newState)));
    h.bind(5, item.summary);
    h.bind(6, item.reason);
    if (u.step() != SQLITE_DONE || h.step() != SQLITE_DONE) {
        auto e = sqlError(m_db, "cannot record the state of " + name);
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        return e;
    }
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return sqlError(m_db, "cannot commit");
    return {};
}

Result<std::vector<alarms::HistoryItem>> AlarmStore::history(const std::string &name, int limit)
{
    const std::lock_guard lock(m_mutex);
    Stmt s(m_db, "SELECT name, timestamp_ms, old_state, new_state, summary, reason FROM "
                 "alarm_history WHERE ?1 = '' OR name = ?1 ORDER BY timestamp_ms DESC, id DESC "
                 "LIMIT ?2");
    if (!s.ok())
        return sqlError(m_db, "prepare");
    s.bind(1, name);
    s.bind(2, std::int64_t(limit));
    std::vector<alarms::HistoryItem> out;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
        alarms::HistoryItem item;
        item.alarmName = s.text(0);
        item.timestampMs = s.i64(1);
        item.oldState = alarms::parseState(s.text(2)).value_or(alarms::State::InsufficientData);
        item.newState = alarms::parseState(s.text(3)).value_or(alarms::State::InsufficientData);
        item.summary = s.text(4);
        item.reason = s.text(5);
        out.push_back(std::move(item));
    }
    if (rc != SQLITE_DONE)
        return sqlError(m_db, "cannot read the history");
    return out;
}

} // namespace shs::store
