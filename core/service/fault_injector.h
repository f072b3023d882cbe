// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FaultInjector: fault rules for the Kinesis endpoint, and what they did. A rule names the
// requests it applies to (operation, stream, shard; empty matches any), a probability and a seed,
// and one fault:
//
//   error      the whole call fails with a Kinesis or AWS error (its status and AWS's text)
//   partial    PutRecords: a share of the entries fail with ErrorCode
//   ProvisionedThroughputExceeded-
//              Exception or InternalFailure and are not written; the rest are
//   latency    the answer waits: fixed, uniform [ms, maxMs] or exponential (mean ms)
//   drop       the connection closes without an answer
//   reset      the connection is reset (TCP RST; an HTTP/2 stream gets RST_STREAM)
//   slowBody   the answer's body trickles at bytesPerSecond
//   clockSkew  the endpoint's clock is off by skewSeconds: its Date header says so, and a request
//              signed more than 15 minutes from it is refused as AWS refuses it
//   zone       a zone outage: `zone` goes down (action "down") or loses its files ("wipe") when
//              the rule fires; after durationMs (if set) it is brought back and catches up
//   disk       a zone's disk fills (error "full") or fails ("io"): its next write fails as SQLite
//              fails it and the zone drops out; after durationMs (if set) the disk is freed or
//              replaced and the zone catches up
//
// drop and reset happen before the engine sees the request (stage "request", nothing written) or
// after it answered (stage "response": the work is done and the answer lost, so a client that
// retries writes its records twice — at-least-once, as with Kinesis). Latency is added to the
// answer, after the work.
//
// Determinism: each rule draws from its own generator (splitmix64 of its seed), once per request it
// matches and then once per value it needs (a latency, each PutRecords entry of its shard). The
// same rules and the same sequence of requests give the same faults.
//
// Thread safety: every member is thread-safe (one mutex; decide() is a few draws).
#include "engine/result.h"
#include "engine/snapshot.h"
#include "engine/storage_port.h"

#include <QJsonObject>

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace shs::service {

enum class FaultKind { Error, Partial, Latency, Drop, Reset, SlowBody, ClockSkew, Zone, Disk };

struct FaultRule
{
    std::string id; ///< given, or assigned on add ("f1", "f2", …)
    FaultKind kind = FaultKind::Error;
    std::string operation; ///< "PutRecords"; empty: any
    std::string stream;    ///< empty: any
    std::string shard;     ///< "shardId-000000000001"; empty: any
    double probability = 1.0;
    std::uint64_t seed = 1;
    std::int64_t maxFires = -1; ///< -1: no limit
    // error: the exception's name; partial: the entries' ErrorCode
    std::string error;
    std::string message; ///< empty: AWS's text
    double share = 0.5;  ///< partial: the share of the matching entries that fail
    // latency
    std::string distribution = "fixed"; ///< fixed | uniform | exponential
    double ms = 0;
    double maxMs = 0;
    bool afterEngine = false; ///< drop/reset: stage "response"
    int bytesPerSecond = 0;   ///< slowBody
    std::int64_t skewSeconds = 0;
    std::string zone;            ///< zone, disk: e.g. "us-east-1b"
    std::string action;          ///< zone: down | wipe
    std::int64_t durationMs = 0; ///< zone, disk: then back up (0: until `zones up`)
};

/// One request, as the rules see it.
struct FaultCall
{
    std::string operation;
    std::string stream;
    std::vector<std::string> shards; ///< PutRecords: each entry's shard, in order; else 0 or 1
    std::string client;              ///< "address user-agent product"
    std::string account;
    /// The window's own call (LocalBackend): no connection, so drop, reset, slowBody and
    /// clockSkew rules do not apply to it.
    bool inProcess = false;
};

/// What applies to one request.
struct FaultDecision
{
    struct Failure
    {
        std::string type;
        std::string message;
        int status = 400;
    };
    std::optional<Failure> error;
    std::vector<bool> failEntries; ///< PutRecords: true entries fail (empty: none)
    std::string entryErrorCode, entryErrorMessage;
    int delayMs = 0;
    enum class Cut { None, Drop, Reset } cut = Cut::None;
    bool cutAfterEngine = false;
    int bytesPerSecond = 0;
    std::int64_t skewMs = 0;
    /// zone and disk rules that fired: what to do to which zone, and when to bring it back.
    struct ZoneFault
    {
        std::string zone;
        core::ZoneAction action = core::ZoneAction::Down;
        std::int64_t durationMs = 0;
    };
    std::vector<ZoneFault> zones;
    bool any() const
    {
        return error || !failEntries.empty() || delayMs > 0 || cut != Cut::None
               || bytesPerSecond > 0 || skewMs != 0 || !zones.empty();
    }
};

/// A fault that fired, and what its client did next.
struct FiredFault
{
    std::int64_t serial = 0;
    std::int64_t wallMs = 0;
    std::string ruleId;
    FaultKind kind = FaultKind::Error;
    std::string operation, stream, shard, client;
    std::string detail; ///< "ProvisionedThroughputExceededException", "3 of 10 entries", "212 ms"
    std::string next;   ///< "PutRecords after 104 ms"; empty while the client has not come back
};

struct FaultRuleState
{
    FaultRule rule;
    std::int64_t matched = 0;
    std::int64_t fired = 0;
};

class FaultInjector final
{
  public:
    /// The fired log keeps the latest kMaxFired.
    static constexpr std::size_t kMaxFired = 2000;

    /// Checks and adds a rule; its id, or a ValidationException naming the field and the fix.
    core::Result<std::string> add(FaultRule rule);
    /// Adds every rule or none.
    core::Result<std::vector<std::string>> addAll(std::vector<FaultRule> rules);
    bool remove(const std::string &id);
    void clear();
    std::vector<FaultRuleState> rules() const;
    /// True when there is any rule: lock-free, so every request can ask before building a
    /// FaultCall.
    bool active() const;
    /// True when a rule for `operation` names a stream or a shard (the caller then resolves them).
    bool wantsPlace(const std::string &operation) const;

    FaultDecision decide(const FaultCall &call, std::int64_t wallMs);

    /// The open shard of `stream` in `snapshot` each PutRecords entry goes to, from its
    /// ExplicitHashKey or the MD5 of its partition key ("" when not known).
    static std::vector<std::string>
    routeEntries(const std::vector<std::pair<std::string, std::optional<std::string>>> &keys,
                 const core::EngineSnapshot *snapshot, const std::string &stream);
    /// A PutRecords entry failed by `d`: its ErrorMessage (the rule's, else AWS's text).
    static std::string entryMessage(const FaultDecision &d, const std::string &shard,
                                    const FaultCall &call);
    /// A request from `client`: the faults it met last are told what it did next.
    void noteRequest(const std::string &client, const std::string &operation, std::int64_t wallMs);
    /// Fired faults with serial > `after`, oldest first.
    std::vector<FiredFault> fired(std::int64_t after = 0) const;
    std::int64_t firedCount() const;

    /// Rules from JSON: {"rules": [rule…]} or one rule object. Errors name the rule and field.
    static core::Result<std::vector<FaultRule>> parse(const QJsonObject &json);
    static QJsonObject toJson(const FaultRule &rule);
    static QJsonObject toJson(const FiredFault &fired);
    static const char *kindName(FaultKind kind);
    /// The names an error rule accepts, with their HTTP status.
    static std::vector<std::pair<std::string, int>> errorNames();

  private:
    struct Live
    {
        FaultRule rule;
        std::uint64_t state = 0; ///< splitmix64
        std::int64_t matched = 0;
        std::int64_t fired = 0;
    };
    core::Result<void> check(FaultRule &rule) const;
    void log(FiredFault f);

    mutable std::mutex m_mutex;
    std::vector<Live> m_rules;
    std::atomic<std::size_t> m_ruleCount{0}; ///< m_rules.size(), written under m_mutex
    int m_nextId = 1;
    std::deque<FiredFault> m_fired;
    std::int64_t m_serial = 0;
};

} // namespace shs::service
