// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fault_injector.h"

#include "crypto/md5.h"
#include "engine/hash_key.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace shs::service {

using core::ErrorCode;
using core::makeError;

namespace {

struct ErrorSpec
{
    const char *name;
    int status;
    const char *text; ///< {shard} {stream} {account} {then} {now} are filled in
};

// The whole-call errors a rule may raise: Kinesis' own with the texts AWS returns (or, for the
// KMS errors, the service model's descriptions of them), and the AWS-wide ones SDKs retry.
constexpr ErrorSpec kErrors[] = {
    {"ProvisionedThroughputExceededException", 400,
     "Rate exceeded for shard {shard} in stream {stream} under account {account}."},
    {"LimitExceededException", 400, "Rate exceeded for stream {stream} under account {account}."},
    {"ThrottlingException", 400, "Rate exceeded"},
    {"InternalFailureException", 500, "Internal Service Failure"},
    {"ServiceUnavailable", 503, "Service Unavailable"},
    {"ExpiredIteratorException", 400,
     "Iterator expired. The iterator was created at time {then} while right now it is {now} "
     "which is further in the future than the tolerated delay of 300000 milliseconds."},
    {"KMSDisabledException", 400,
     "The request was rejected because the specified customer master key (CMK) isn't enabled."},
    {"KMSInvalidStateException", 400,
     "The request was rejected because the state of the specified resource isn't valid for this "
     "request."},
    {"KMSAccessDeniedException", 400,
     "The ciphertext references a key that doesn't exist or that you don't have access to."},
    {"KMSNotFoundException", 400,
     "The request was rejected because the specified entity or resource can't be found."},
    {"KMSOptInRequired", 400, "The AWS access key ID needs a subscription for the service."},
    {"KMSThrottlingException", 400, "The request was denied due to request throttling."},
};

const ErrorSpec *errorSpec(std::string_view name)
{
    if (name == "InternalFailure")
        name = "InternalFailureException";
    for (const auto &e : kErrors)
        if (name == e.name)
            return &e;
    return nullptr;
}

constexpr const char *kKinds[]
    = {"error", "partial", "latency", "drop", "reset", "slowBody", "clockSkew", "zone", "disk"};

std::optional<FaultKind> kindFromName(const QString &name)
{
    for (std::size_t i = 0; i < std::size(kKinds); ++i)
        if (name == QLatin1String(kKinds[i]))
            return FaultKind(i);
    return std::nullopt;
}

std::uint64_t splitmix(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// A uniform draw in [0, 1).
double unit(std::uint64_t &state)
{
    return double(splitmix(state) >> 11) * 0x1.0p-53;
}

void replaceAll(std::string &text, std::string_view what, const std::string &with)
{
    for (std::size_t at = text.find(what); at != std::string::npos;
         at = text.find(what, at + with.size()))
        text.replace(at, what.size(), with);
}

std::string amzTime(std::int64_t ms)
{
    // "Thu Jan 22 01:22:02 UTC 2015", as Kinesis prints times in this message.
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("ddd MMM dd HH:mm:ss 'UTC' yyyy"))
        .toStdString();
}

core::Error invalid(const std::string &what)
{
    return makeError(ErrorCode::Validation, what);
}

bool matches(const FaultRule &r, const FaultCall &call)
{
    if (!r.operation.empty() && r.operation != call.operation)
        return false;
    if (r.kind == FaultKind::Partial && call.operation != "PutRecords")
        return false;
    if (!r.stream.empty() && r.stream != call.stream)
        return false;
    if (!r.shard.empty()
        && std::find(call.shards.begin(), call.shards.end(), r.shard) == call.shards.end())
        return false;
    return true;
}

} // namespace

const char *FaultInjector::kindName(FaultKind kind)
{
    return kKinds[std::size_t(kind)];
}

std::vector<std::pair<std::string, int>> FaultInjector::errorNames()
{
    std::vector<std::pair<std::string, int>> out;
    for (const auto &e : kErrors)
        out.emplace_back(e.name, e.status);
    return out;
}

core::Result<void> FaultInjector::check(FaultRule &r) const
{
    const std::string who = r.id.empty() ? std::string("fault rule") : "fault rule " + r.id;
    if (!(r.probability >= 0 && r.probability <= 1))
        return invalid(who + ": probability must be between 0 and 1, e.g. 0.2");
    switch (r.kind) {
    case FaultKind::Error: {
        if (r.error.empty())
            r.error = "ServiceUnavailable";
        if (!errorSpec(r.error)) {
            std::string names;
            for (const auto &e : kErrors)
                names += std::string(names.empty() ? "" : ", ") + e.name;
            return invalid(who + ": error \"" + r.error
                           + "\" is not one a rule can raise; use one of " + names);
        }
        if (r.error == "InternalFailure")
            r.error = "InternalFailureException";
        break;
    }
    case FaultKind::Partial:
        if (r.error.empty())
            r.error = "ProvisionedThroughputExceededException";
        if (r.error != "ProvisionedThroughputExceededException" && r.error != "InternalFailure")
            return invalid(who
                           + ": a partial failure's error is the entries' ErrorCode: "
                             "ProvisionedThroughputExceededException or InternalFailure");
        if (!(r.share > 0 && r.share <= 1))
            return invalid(who
                           + ": share must be over 0 and at most 1 (the share of entries "
                             "that fail), e.g. 0.3");
        if (!r.operation.empty() && r.operation != "PutRecords")
            return invalid(who + ": partial failures apply to PutRecords only");
        break;
    case FaultKind::Latency:
        if (r.distribution != "fixed" && r.distribution != "uniform"
            && r.distribution != "exponential")
            return invalid(who + ": distribution must be fixed, uniform or exponential");
        if (!(r.ms >= 0 && r.ms <= 600'000) || !(r.maxMs >= 0 && r.maxMs <= 600'000))
            return invalid(who + ": latency is 0 to 600000 ms");
        if (r.distribution == "uniform" && r.maxMs < r.ms)
            return invalid(who + ": a uniform latency needs maxMs >= ms");
        break;
    case FaultKind::SlowBody:
        if (r.bytesPerSecond < 1)
            return invalid(who + ": slowBody needs bytesPerSecond of at least 1");
        break;
    case FaultKind::ClockSkew:
        if (r.skewSeconds == 0 || std::llabs(r.skewSeconds) > 7 * 24 * 3600)
            return invalid(who + ": clockSkew needs skewSeconds, not 0, within a week either way");
        break;
    case FaultKind::Zone:
        if (r.action.empty())
            r.action = "down";
        if (r.action != "down" && r.action != "wipe")
            return invalid(who
                           + ": a zone rule's action is down (an outage) or wipe (its files lost)");
        [[fallthrough]];
    case FaultKind::Disk:
        if (r.zone.empty())
            return invalid(who + ": a " + kindName(r.kind)
                           + " rule names its zone, e.g. \"zone\": \"us-east-1b\"");
        if (r.kind == FaultKind::Disk) {
            if (r.error.empty())
                r.error = "full";
            if (r.error != "full" && r.error != "io")
                return invalid(who
                               + ": a disk rule's error is full (the disk fills) or io (it fails)");
        }
        if (r.durationMs < 0 || r.durationMs > 24 * 3600 * 1000)
            return invalid(who + ": durationMs is 0 (until `zones up`) to a day");
        break;
    case FaultKind::Drop:
    case FaultKind::Reset:
        break;
    }
    return core::ok();
}

core::Result<std::string> FaultInjector::add(FaultRule rule)
{
    auto ids = addAll({std::move(rule)});
    if (!ids)
        return ids.error();
    return ids.value().front();
}

core::Result<std::vector<std::string>> FaultInjector::addAll(std::vector<FaultRule> rules)
{
    const std::lock_guard lock(m_mutex);
    std::vector<std::string> ids;
    int next = m_nextId;
    for (auto &r : rules) {
        if (auto ok = check(r); !ok)
            return ok.error();
        if (r.id.empty())
            r.id = "f" + std::to_string(next++);
        const auto clash = [&r](const auto &other) { return other.rule.id == r.id; };
        if (std::any_of(m_rules.begin(), m_rules.end(), clash)
            || std::find(ids.begin(), ids.end(), r.id) != ids.end())
            return invalid("fault rule " + r.id
                           + ": a rule with this id exists; remove it first "
                             "or give another id");
        ids.push_back(r.id);
    }
    m_nextId = next;
    for (auto &r : rules) {
        Live live;
        live.state = r.seed;
        live.rule = std::move(r);
        m_rules.push_back(std::move(live));
    }
    m_ruleCount.store(m_rules.size(), std::memory_order_release);
    return ids;
}

bool FaultInjector::remove(const std::string &id)
{
    const std::lock_guard lock(m_mutex);
    const auto it = std::find_if(m_rules.begin(), m_rules.end(),
                                 [&id](const Live &l) { return l.rule.id == id; });
    if (it == m_rules.end())
        return false;
    m_rules.erase(it);
    m_ruleCount.store(m_rules.size(), std::memory_order_release);
    return true;
}

void FaultInjector::clear()
{
    const std::lock_guard lock(m_mutex);
    m_rules.clear();
    m_ruleCount.store(0, std::memory_order_release);
}

std::vector<FaultRuleState> FaultInjector::rules() const
{
    const std::lock_guard lock(m_mutex);
    std::vector<FaultRuleState> out;
    for (const auto &l : m_rules)
        out.push_back({l.rule, l.matched, l.fired});
    return out;
}

bool FaultInjector::active() const
{
    return m_ruleCount.load(std::memory_order_acquire) != 0;
}

bool FaultInjector::wantsPlace(const std::string &operation) const
{
    const std::lock_guard lock(m_mutex);
    return std::any_of(m_rules.begin(), m_rules.end(), [&operation](const Live &l) {
        return (l.rule.operation.empty() || l.rule.operation == operation)
               && (!l.rule.stream.empty() || !l.rule.shard.empty()
                   || l.rule.error == "ProvisionedThroughputExceededException");
    });
}

FaultDecision FaultInjector::decide(const FaultCall &call, std::int64_t wallMs)
{
    FaultDecision d;
    const std::lock_guard lock(m_mutex);
    for (Live &l : m_rules) {
        const FaultRule &r = l.rule;
        if (!matches(r, call) || (r.maxFires >= 0 && l.fired >= r.maxFires))
            continue;
        if (call.inProcess
            && (r.kind == FaultKind::Drop || r.kind == FaultKind::Reset
                || r.kind == FaultKind::SlowBody || r.kind == FaultKind::ClockSkew))
            continue; // a connection's faults; the window's calls have none
        ++l.matched;
        if (unit(l.state) >= r.probability)
            continue;
        FiredFault f;
        f.wallMs = wallMs;
        f.ruleId = r.id;
        f.kind = r.kind;
        f.operation = call.operation;
        f.stream = call.stream;
        f.shard = !r.shard.empty()      ? r.shard
                  : call.shards.empty() ? std::string()
                                        : call.shards.front();
        f.client = call.client;
        switch (r.kind) {
        case FaultKind::Error: {
            if (d.error)
                continue; // the first error answers
            const ErrorSpec &spec = *errorSpec(r.error);
            std::string text = r.message.empty() ? std::string(spec.text) : r.message;
            replaceAll(text, "{shard}", f.shard.empty() ? "shardId-000000000000" : f.shard);
            replaceAll(text, "{stream}", call.stream);
            replaceAll(text, "{account}", call.account);
            replaceAll(text, "{then}", amzTime(wallMs - 301'000));
            replaceAll(text, "{now}", amzTime(wallMs));
            d.error = FaultDecision::Failure{spec.name, text, spec.status};
            f.detail = spec.name;
            break;
        }
        case FaultKind::Partial: {
            if (d.failEntries.empty())
                d.failEntries.assign(call.shards.size(), false);
            int failed = 0, eligible = 0;
            for (std::size_t i = 0; i < call.shards.size(); ++i) {
                if (!r.shard.empty() && call.shards[i] != r.shard)
                    continue;
                ++eligible;
                if (unit(l.state) < r.share) {
                    if (!d.failEntries[i])
                        ++failed;
                    d.failEntries[i] = true;
                }
            }
            if (d.entryErrorCode.empty()) {
                d.entryErrorCode = r.error;
                d.entryErrorMessage = r.message;
            }
            f.detail = std::to_string(failed) + " of " + std::to_string(eligible) + " entries "
                       + r.error;
            break;
        }
        case FaultKind::Latency: {
            double ms = r.ms;
            if (r.distribution == "uniform")
                ms = r.ms + (r.maxMs - r.ms) * unit(l.state);
            else if (r.distribution == "exponential")
                ms = std::min(600'000.0, -r.ms * std::log(1.0 - unit(l.state)));
            d.delayMs += int(std::lround(ms));
            f.detail = std::to_string(std::lround(ms)) + " ms";
            break;
        }
        case FaultKind::Drop:
        case FaultKind::Reset:
            if (d.cut != FaultDecision::Cut::None)
                continue;
            d.cut
                = r.kind == FaultKind::Drop ? FaultDecision::Cut::Drop : FaultDecision::Cut::Reset;
            d.cutAfterEngine = r.afterEngine;
            f.detail = r.afterEngine ? "after the engine answered" : "before the engine";
            break;
        case FaultKind::SlowBody:
            d.bytesPerSecond = d.bytesPerSecond == 0 ? r.bytesPerSecond
                                                     : std::min(d.bytesPerSecond, r.bytesPerSecond);
            f.detail = std::to_string(r.bytesPerSecond) + " B/s";
            break;
        case FaultKind::ClockSkew:
            d.skewMs = r.skewSeconds * 1000;
            f.detail = (r.skewSeconds > 0 ? "+" : "") + std::to_string(r.skewSeconds) + " s";
            break;
        case FaultKind::Zone:
        case FaultKind::Disk: {
            const core::ZoneAction action
                = r.kind == FaultKind::Zone
                      ? (r.action == "wipe" ? core::ZoneAction::Wipe : core::ZoneAction::Down)
                      : (r.error == "io" ? core::ZoneAction::DiskFailing
                                         : core::ZoneAction::DiskFull);
            d.zones.push_back({r.zone, action, r.durationMs});
            f.detail
                = r.zone + " "
                  + (r.kind == FaultKind::Zone ? (r.action == "wipe" ? "wiped" : "down")
                                               : (r.error == "io" ? "disk failing" : "disk full"))
                  + (r.durationMs > 0 ? " for " + std::to_string(r.durationMs) + " ms" : "");
            break;
        }
        }
        ++l.fired;
        log(std::move(f));
    }
    if (std::none_of(d.failEntries.begin(), d.failEntries.end(), [](bool b) { return b; }))
        d.failEntries.clear();
    return d;
}

std::vector<std::string> FaultInjector::routeEntries(
    const std::vector<std::pair<std::string, std::optional<std::string>>> &keys,
    const core::EngineSnapshot *snapshot, const std::string &stream)
{
    std::vector<std::string> out(keys.size());
    const core::StreamInfo *info = nullptr;
    if (snapshot)
        for (const auto &s : snapshot->streams)
            if (s.name == stream)
                info = &s;
    if (!info)
        return out;
    crypto::Md5 md5;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto &[partitionKey, explicitKey] = keys[i];
        const std::optional<core::HashKey> key
            = explicitKey && !explicitKey->empty()
                  ? core::HashKey::fromDecimal(*explicitKey)
                  : std::optional(core::HashKey::fromBigEndian(md5.digest(partitionKey)));
        if (!key)
            continue;
        for (const auto &shard : info->shards)
            if (shard.open && shard.startingHashKey <= *key && *key <= shard.endingHashKey)
                out[i] = shard.shardId;
    }
    return out;
}

std::string FaultInjector::entryMessage(const FaultDecision &d, const std::string &shard,
                                        const FaultCall &call)
{
    if (!d.entryErrorMessage.empty())
        return d.entryErrorMessage;
    if (d.entryErrorCode == "InternalFailure")
        return "Internal service failure.";
    return "Rate exceeded for shard "
           + (shard.empty() ? std::string("shardId-000000000000") : shard) + " in stream "
           + call.stream + " under account " + call.account + ".";
}

void FaultInjector::log(FiredFault f)
{
    f.serial = ++m_serial;
    m_fired.push_back(std::move(f));
    while (m_fired.size() > kMaxFired)
        m_fired.pop_front();
}

void FaultInjector::noteRequest(const std::string &client, const std::string &operation,
                                std::int64_t wallMs)
{
    const std::lock_guard lock(m_mutex);
    // Only the latest faults can still be waiting: walk back while they are.
    for (auto it = m_fired.rbegin(); it != m_fired.rend(); ++it) {
        if (wallMs - it->wallMs > 60'000)
            break;
        if (it->client != client || !it->next.empty())
            continue;
        it->next = operation + " after "
                   + std::to_string(std::max<std::int64_t>(0, wallMs - it->wallMs)) + " ms";
    }
}

std::vector<FiredFault> FaultInjector::fired(std::int64_t after) const
{
    const std::lock_guard lock(m_mutex);
    std::vector<FiredFault> out;
    for (const auto &f : m_fired)
        if (f.serial > after)
            out.push_back(f);
    return out;
}

std::int64_t FaultInjector::firedCount() const
{
    const std::lock_guard lock(m_mutex);
    return m_serial;
}

core::Result<std::vector<FaultRule>> FaultInjector::parse(const QJsonObject &json)
{
    QJsonArray list;
    if (json.contains(QStringLiteral("rules"))) {
        if (!json.value(QStringLiteral("rules")).isArray())
            return invalid("\"rules\" must be an array of rule objects");
        list = json.value(QStringLiteral("rules")).toArray();
    } else {
        list.append(json);
    }
    static const QStringList known
        = {QStringLiteral("id"),          QStringLiteral("kind"),
           QStringLiteral("operation"),   QStringLiteral("stream"),
           QStringLiteral("shard"),       QStringLiteral("probability"),
           QStringLiteral("seed"),        QStringLiteral("maxFires"),
           QStringLiteral("error"),       QStringLiteral("message"),
           QStringLiteral("share"),       QStringLiteral("distribution"),
           QStringLiteral("ms"),          QStringLiteral("maxMs"),
           QStringLiteral("stage"),       QStringLiteral("bytesPerSecond"),
           QStringLiteral("skewSeconds"), QStringLiteral("matched"),
           QStringLiteral("fired"),       QStringLiteral("zone"),
           QStringLiteral("action"),      QStringLiteral("durationMs")};
    std::vector<FaultRule> out;
    int index = 0;
    for (const QJsonValue &v : list) {
        ++index;
        const std::string who = "rule " + std::to_string(index);
        if (!v.isObject())
            return invalid(who + " is not an object");
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            if (!known.contains(it.key()))
                return invalid(who + ": unknown field \"" + it.key().toStdString() + "\" (fields: "
                               + known.join(QStringLiteral(", ")).toStdString() + ")");
        FaultRule r;
        const auto kind = kindFromName(o.value(QStringLiteral("kind")).toString());
        if (!kind)
            return invalid(who
                           + ": \"kind\" must be one of error, partial, latency, drop, reset, "
                             "slowBody, clockSkew, zone, disk");
        r.kind = *kind;
        auto text = [&o](const char *name) {
            return o.value(QLatin1String(name)).toString().toStdString();
        };
        for (const char *name : {"id", "operation", "stream", "shard", "error", "message",
                                 "distribution", "stage", "zone", "action"})
            if (o.contains(QLatin1String(name)) && !o.value(QLatin1String(name)).isString())
                return invalid(who + ": \"" + name + "\" must be a string");
        for (const char *name : {"probability", "seed", "maxFires", "share", "ms", "maxMs",
                                 "bytesPerSecond", "skewSeconds", "durationMs"})
            if (o.contains(QLatin1String(name)) && !o.value(QLatin1String(name)).isDouble())
                return invalid(who + ": \"" + name + "\" must be a number");
        r.id = text("id");
        r.operation = text("operation");
        r.stream = text("stream");
        r.shard = text("shard");
        r.error = text("error");
        r.message = text("message");
        r.probability = o.value(QStringLiteral("probability")).toDouble(1.0);
        r.seed = std::uint64_t(o.value(QStringLiteral("seed")).toDouble(1));
        r.maxFires = std::int64_t(o.value(QStringLiteral("maxFires")).toDouble(-1));
        r.share = o.value(QStringLiteral("share")).toDouble(0.5);
        if (o.contains(QStringLiteral("distribution")))
            r.distribution = text("distribution");
        r.ms = o.value(QStringLiteral("ms")).toDouble(0);
        r.maxMs = o.value(QStringLiteral("maxMs")).toDouble(0);
        const std::string stage = text("stage");
        if (!stage.empty() && stage != "request" && stage != "response")
            return invalid(who + ": \"stage\" is request (before the engine) or response (after)");
        r.afterEngine = stage == "response";
        r.bytesPerSecond = o.value(QStringLiteral("bytesPerSecond")).toInt(0);
        r.skewSeconds = std::int64_t(o.value(QStringLiteral("skewSeconds")).toDouble(0));
        r.zone = text("zone");
        r.action = text("action");
        r.durationMs = std::int64_t(o.value(QStringLiteral("durationMs")).toDouble(0));
        out.push_back(std::move(r));
    }
    if (out.empty())
        return invalid("no fault rules given");
    return out;
}

QJsonObject FaultInjector::toJson(const FaultRule &r)
{
    QJsonObject o;
    o.insert(QStringLiteral("id"), QString::fromStdString(r.id));
    o.insert(QStringLiteral("kind"), QLatin1String(kindName(r.kind)));
    if (!r.operation.empty())
        o.insert(QStringLiteral("operation"), QString::fromStdString(r.operation));
    if (!r.stream.empty())
        o.insert(QStringLiteral("stream"), QString::fromStdString(r.stream));
    if (!r.shard.empty())
        o.insert(QStringLiteral("shard"), QString::fromStdString(r.shard));
    o.insert(QStringLiteral("probability"), r.probability);
    o.insert(QStringLiteral("seed"), double(r.seed));
    if (r.maxFires >= 0)
        o.insert(QStringLiteral("maxFires"), double(r.maxFires));
    switch (r.kind) {
    case FaultKind::Error:
        o.insert(QStringLiteral("error"), QString::fromStdString(r.error));
        break;
    case FaultKind::Partial:
        o.insert(QStringLiteral("error"), QString::fromStdString(r.error));
        o.insert(QStringLiteral("share"), r.share);
        break;
    case FaultKind::Latency:
        o.insert(QStringLiteral("distribution"), QString::fromStdString(r.distribution));
        o.insert(QStringLiteral("ms"), r.ms);
        if (r.distribution == "uniform")
            o.insert(QStringLiteral("maxMs"), r.maxMs);
        break;
    case FaultKind::Drop:
    case FaultKind::Reset:
        o.insert(QStringLiteral("stage"),
                 r.afterEngine ? QStringLiteral("response") : QStringLiteral("request"));
        break;
    case FaultKind::SlowBody:
        o.insert(QStringLiteral("bytesPerSecond"), r.bytesPerSecond);
        break;
    case FaultKind::ClockSkew:
        o.insert(QStringLiteral("skewSeconds"), double(r.skewSeconds));
        break;
    case FaultKind::Zone:
    case FaultKind::Disk:
        o.insert(QStringLiteral("zone"), QString::fromStdString(r.zone));
        if (r.kind == FaultKind::Zone)
            o.insert(QStringLiteral("action"), QString::fromStdString(r.action));
        else
            o.insert(QStringLiteral("error"), QString::fromStdString(r.error));
        if (r.durationMs > 0)
            o.insert(QStringLiteral("durationMs"), double(r.durationMs));
        break;
    }
    if (!r.message.empty())
        o.insert(QStringLiteral("message"), QString::fromStdString(r.message));
    return o;
}

QJsonObject FaultInjector::toJson(const FiredFault &f)
{
    QJsonObject o;
    o.insert(QStringLiteral("serial"), double(f.serial));
    o.insert(
        QStringLiteral("time"),
        QDateTime::fromMSecsSinceEpoch(f.wallMs, QTimeZone::utc()).toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("rule"), QString::fromStdString(f.ruleId));
    o.insert(QStringLiteral("kind"), QLatin1String(kindName(f.kind)));
    o.insert(QStringLiteral("operation"), QString::fromStdString(f.operation));
    if (!f.stream.empty())
        o.insert(QStringLiteral("stream"), QString::fromStdString(f.stream));
    if (!f.shard.empty())
        o.insert(QStringLiteral("shard"), QString::fromStdString(f.shard));
    o.insert(QStringLiteral("client"), QString::fromStdString(f.client));
    o.insert(QStringLiteral("detail"), QString::fromStdString(f.detail));
    if (!f.next.empty())
        o.insert(QStringLiteral("next"), QString::fromStdString(f.next));
    return o;
}

} // namespace shs::service
