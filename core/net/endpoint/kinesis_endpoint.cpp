// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "kinesis_endpoint.h"

#include "cbor_bridge.h"
#include "json_writer.h"
#include "kinesis_shapes.h"

#include "crypto/sigv4.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QUrlQuery>
#include <QUuid>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <optional>

namespace shs::net {

using namespace shs::core;

namespace {

using shapes::encode;

constexpr auto kJson = "application/x-amz-json-1.1";
constexpr auto kCbor = "application/x-amz-cbor-1.1";
constexpr auto kTargetPrefix = "Kinesis_20131202.";

QByteArray requestId()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

HttpResponse errorResponse(std::string_view type, const std::string &message, int status = 400)
{
    JsonWriter w;
    w.beginObject().member("__type", type).member("message", message).endObject();
    HttpResponse r;
    r.status = status;
    r.headers = {{"Content-Type", kJson},
                 {"x-amzn-RequestId", requestId()},
                 {"x-amzn-ErrorType", QByteArray(type.data(), qsizetype(type.size()))}};
    r.body = w.take();
    return r;
}

HttpResponse errorResponse(const Error &e)
{
    return errorResponse(e.name(), e.message, isServerError(e.code) ? 500 : 400);
}

HttpResponse okResponse(QByteArray body)
{
    HttpResponse r;
    r.headers = {{"Content-Type", kJson}, {"x-amzn-RequestId", requestId()}};
    r.body = std::move(body);
    return r;
}

/// Wire members of one request: typed reads (a wrong JSON type is a SerializationException, as on
/// AWS) and "must not be null" checks collected into AWS's "N validation errors detected" form.
class Fields
{
  public:
    explicit Fields(QJsonObject o) : m_o(std::move(o)) {}

    std::optional<std::string> string(const char *member)
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isString()) {
            typeError(member, "a string");
            return std::nullopt;
        }
        return v.toString().toStdString();
    }

    std::optional<std::int64_t> integer(const char *member)
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        const double d = v.toDouble();
        if (!v.isDouble() || std::floor(d) != d || std::abs(d) > 9.0e15) {
            typeError(member, "an integer");
            return std::nullopt;
        }
        return static_cast<std::int64_t>(d);
    }

    std::optional<bool> boolean(const char *member)
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isBool()) {
            typeError(member, "a boolean");
            return std::nullopt;
        }
        return v.toBool();
    }

    /// A blob: standard base64 with padding, as the SDKs send it.
    std::optional<std::string> blob(const char *member)
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isString()) {
            typeError(member, "a base64 string");
            return std::nullopt;
        }
        const QByteArray text = v.toString().toLatin1();
        const auto decoded
            = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.toBase64() != text) {
            m_serialization = std::string("Base64 encoded data in '") + member + "' is not valid.";
            return std::nullopt;
        }
        return decoded.decoded.toStdString();
    }

    /// Epoch seconds (number, fraction allowed) or an ISO-8601 string.
    std::optional<std::int64_t> timestampMs(const char *member)
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (v.isDouble())
            return static_cast<std::int64_t>(std::llround(v.toDouble() * 1000.0));
        if (v.isString()) {
            const auto t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
            if (t.isValid())
                return t.toMSecsSinceEpoch();
        }
        typeError(member, "a timestamp");
        return std::nullopt;
    }

    QJsonObject object(const char *member)
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isObject())
            typeError(member, "a structure");
        return v.toObject();
    }

    QJsonArray array(const char *member)
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray())
            typeError(member, "a list");
        return v.toArray();
    }

    bool has(const char *member) const
    {
        const QJsonValue v = m_o.value(QLatin1String(member));
        return !v.isUndefined() && !v.isNull();
    }

    /// Records "Value null at 'streamName' failed to satisfy constraint: Member must not be null".
    void required(const char *member, const char *wireName)
    {
        if (!has(member))
            m_violations.push_back(std::string("Value null at '") + wireName
                                   + "' failed to satisfy constraint: Member must not be null");
    }

    StreamRef stream()
    {
        StreamRef ref;
        ref.name = string("StreamName").value_or("");
        ref.arn = string("StreamARN").value_or("");
        return ref;
    }

    /// The first problem: a SerializationException, else the validation errors, else none.
    std::optional<Error> problem() const
    {
        if (!m_serialization.empty())
            return Error{ErrorCode::Serialization, m_serialization};
        if (m_violations.empty())
            return std::nullopt;
        std::string text = std::to_string(m_violations.size())
                           + (m_violations.size() == 1 ? " validation error detected: "
                                                       : " validation errors detected: ");
        for (std::size_t i = 0; i < m_violations.size(); ++i)
            text += (i ? "; " : "") + m_violations[i];
        return Error{ErrorCode::Validation, text};
    }

  private:
    void typeError(const char *member, const char *what)
    {
        if (m_serialization.empty())
            m_serialization = std::string("'") + member + "' must be " + what + ".";
    }

    QJsonObject m_o;
    std::string m_serialization;
    std::vector<std::string> m_violations;
};

/// AWS's text for a value outside an enum: "1 validation error detected: Value 'X' at 'member' …".
Error enumError(const std::string &value, const char *member, const char *allowed)
{
    return Error{ErrorCode::Validation,
                 "1 validation error detected: Value '" + value + "' at '" + member
                     + "' failed to satisfy constraint: Member must satisfy enum value set: ["
                     + allowed + "]"};
}
constexpr auto kStreamModes = "PROVISIONED, ON_DEMAND";

// ---- encoders ----

QByteArray empty()
{
    return "{}";
}

// ---- operations ----

using Finish = std::function<void(Result<QByteArray>)>;
using Operation = std::function<void(Fields &, service::EngineHost &, Finish)>;

/// Runs `job` on the engine thread; encodes its value with `enc`.
template <typename T, typename Encode>
void run(service::EngineHost &host, std::function<Result<T>(Engine &)> job, Encode enc,
         Finish finish)
{
    host.post<T>(std::move(job), [enc, finish](Result<T> r) {
        if (!r)
            return finish(r.error());
        if constexpr (std::is_void_v<T>)
            finish(enc());
        else
            finish(enc(r.value()));
    });
}

const std::map<std::string, Operation> &operationTable()
{
    static const std::map<std::string, Operation> table = {
        {"CreateStream",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("StreamName", "streamName");
             CreateStreamRequest r;
             r.streamName = f.string("StreamName").value_or("");
             r.shardCount = f.integer("ShardCount");
             const QJsonObject mode = f.object("StreamModeDetails");
             if (!mode.isEmpty()) {
                 Fields m(mode);
                 m.required("StreamMode", "streamModeDetails.streamMode");
                 const auto text = m.string("StreamMode");
                 if (auto p = m.problem())
                     return done(*p);
                 r.mode = streamModeFromString(*text);
                 if (!r.mode)
                     return done(enumError(*text, "streamModeDetails.streamMode", kStreamModes));
             }
             const QJsonObject tags = f.object("Tags");
             for (auto it = tags.begin(); it != tags.end(); ++it)
                 r.tags[it.key().toStdString()] = it.value().toString().toStdString();
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.createStream(r); }, empty, done);
         }},
        {"DeleteStream",
         [](Fields &f, service::EngineHost &h, Finish done) {
             DeleteStreamRequest r{f.stream(),
                                   f.boolean("EnforceConsumerDeletion").value_or(false)};
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.deleteStream(r); }, empty, done);
         }},
        {"DescribeStream",
         [](Fields &f, service::EngineHost &h, Finish done) {
             DescribeStreamRequest r{f.stream(), f.integer("Limit"),
                                     f.string("ExclusiveStartShardId")};
             if (auto p = f.problem())
                 return done(*p);
             run<StreamDescription>(
                 h, [r](Engine &e) { return e.describeStream(r); },
                 [](const StreamDescription &d) { return encode(d); }, done);
         }},
        {"DescribeStreamSummary",
         [](Fields &f, service::EngineHost &h, Finish done) {
             const StreamRef ref = f.stream();
             if (auto p = f.problem())
                 return done(*p);
             run<StreamDescriptionSummary>(
                 h, [ref](Engine &e) { return e.describeStreamSummary(ref); },
                 [](const StreamDescriptionSummary &d) { return encode(d); }, done);
         }},
        {"ListStreams",
         [](Fields &f, service::EngineHost &h, Finish done) {
             ListStreamsRequest r{f.integer("Limit"), f.string("ExclusiveStartStreamName"),
                                  f.string("NextToken")};
             if (auto p = f.problem())
                 return done(*p);
             run<ListStreamsResult>(
                 h, [r](Engine &e) { return e.listStreams(r); },
                 [](const ListStreamsResult &d) { return encode(d); }, done);
         }},
        {"ListShards",
         [](Fields &f, service::EngineHost &h, Finish done) {
             ListShardsRequest r;
             r.stream = f.stream();
             r.nextToken = f.string("NextToken");
             r.exclusiveStartShardId = f.string("ExclusiveStartShardId");
             r.maxResults = f.integer("MaxResults");
             r.streamCreationTimestampMs = f.timestampMs("StreamCreationTimestamp");
             const QJsonObject filter = f.object("ShardFilter");
             if (!filter.isEmpty()) {
                 Fields sf(filter);
                 sf.required("Type", "shardFilter.type");
                 const auto type = sf.string("Type");
                 ShardFilter flt;
                 flt.shardId = sf.string("ShardId");
                 flt.timestampMs = sf.timestampMs("Timestamp");
                 if (auto p = sf.problem())
                     return done(*p);
                 const auto t = shardFilterTypeFromString(*type);
                 if (!t)
                     return done(enumError(*type, "shardFilter.type",
                                           "AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, "
                                           "AT_LATEST, AT_TIMESTAMP, "
                                           "FROM_TIMESTAMP"));
                 flt.type = *t;
                 r.filter = flt;
             }
             if (auto p = f.problem())
                 return done(*p);
             run<ListShardsResult>(
                 h, [r](Engine &e) { return e.listShards(r); },
                 [](const ListShardsResult &d) { return encode(d); }, done);
         }},
        {"IncreaseStreamRetentionPeriod",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("RetentionPeriodHours", "retentionPeriodHours");
             RetentionRequest r{f.stream(), f.integer("RetentionPeriodHours").value_or(0)};
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.increaseStreamRetentionPeriod(r); }, empty, done);
         }},
        {"DecreaseStreamRetentionPeriod",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("RetentionPeriodHours", "retentionPeriodHours");
             RetentionRequest r{f.stream(), f.integer("RetentionPeriodHours").value_or(0)};
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.decreaseStreamRetentionPeriod(r); }, empty, done);
         }},
        {"AddTagsToStream",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("Tags", "tags");
             AddTagsRequest r;
             r.stream = f.stream();
             const QJsonObject tags = f.object("Tags");
             for (auto it = tags.begin(); it != tags.end(); ++it)
                 r.tags[it.key().toStdString()] = it.value().toString().toStdString();
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.addTagsToStream(r); }, empty, done);
         }},
        {"RemoveTagsFromStream",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("TagKeys", "tagKeys");
             RemoveTagsRequest r;
             r.stream = f.stream();
             for (const auto &k : f.array("TagKeys"))
                 r.tagKeys.push_back(k.toString().toStdString());
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.removeTagsFromStream(r); }, empty, done);
         }},
        {"ListTagsForStream",
         [](Fields &f, service::EngineHost &h, Finish done) {
             ListTagsRequest r{f.stream(), f.string("ExclusiveStartTagKey"), f.integer("Limit")};
             if (auto p = f.problem())
                 return done(*p);
             run<ListTagsResult>(
                 h, [r](Engine &e) { return e.listTagsForStream(r); },
                 [](const ListTagsResult &t) {
                     JsonWriter w;
                     w.beginObject().key("Tags").beginArray();
                     for (const auto &[k, v] : t.tags)
                         w.beginObject().member("Key", k).member("Value", v).endObject();
                     w.endArray().member("HasMoreTags", t.hasMoreTags).endObject();
                     return w.take();
                 },
                 done);
         }},
        {"DescribeLimits",
         [](Fields &f, service::EngineHost &h, Finish done) {
             if (auto p = f.problem())
                 return done(*p);
             run<DescribeLimitsResult>(
                 h, [](Engine &e) { return e.describeLimits(); },
                 [](const DescribeLimitsResult &l) {
                     JsonWriter w;
                     w.beginObject()
                         .member("ShardLimit", l.shardLimit)
                         .member("OpenShardCount", l.openShardCount)
                         .member("OnDemandStreamCount", l.onDemandStreamCount)
                         .member("OnDemandStreamCountLimit", l.onDemandStreamCountLimit)
                         .endObject();
                     return w.take();
                 },
                 done);
         }},
        {"SplitShard",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("ShardToSplit", "shardToSplit");
             f.required("NewStartingHashKey", "newStartingHashKey");
             SplitShardRequest r{f.stream(), f.string("ShardToSplit").value_or(""),
                                 f.string("NewStartingHashKey").value_or("")};
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.splitShard(r); }, empty, done);
         }},
        {"MergeShards",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("ShardToMerge", "shardToMerge");
             f.required("AdjacentShardToMerge", "adjacentShardToMerge");
             MergeShardsRequest r{f.stream(), f.string("ShardToMerge").value_or(""),
                                  f.string("AdjacentShardToMerge").value_or("")};
             if (auto p = f.problem())
                 return done(*p);
             run<void>(
                 h, [r](Engine &e) { return e.mergeShards(r); }, empty, done);
         }},
        {"UpdateShardCount",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("TargetShardCount", "targetShardCount");
             f.required("ScalingType", "scalingType");
             UpdateShardCountRequest r{f.stream(), f.integer("TargetShardCount").value_or(0),
                                       f.string("ScalingType").value_or("")};
             if (auto p = f.problem())
                 return done(*p);
             run<UpdateShardCountResult>(
                 h, [r](Engine &e) { return e.updateShardCount(r); },
                 [](const UpdateShardCountResult &u) {
                     JsonWriter w;
                     w.beginObject()
                         .member("StreamName", u.streamName)
                         .member("StreamARN", u.streamArn)
                         .member("CurrentShardCount", u.currentShardCount)
                         .member("TargetShardCount", u.targetShardCount)
                         .endObject();
                     return w.take();
                 },
                 done);
         }},
        {"UpdateStreamMode",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("StreamARN", "streamARN");
             f.required("StreamModeDetails", "streamModeDetails");
             UpdateStreamModeRequest r;
             r.stream.arn = f.string("StreamARN").value_or("");
             Fields m(f.object("StreamModeDetails"));
             const auto text = m.string("StreamMode");
             if (auto p = f.problem())
                 return done(*p);
             if (auto p = m.problem())
                 return done(*p);
             const auto mode = streamModeFromString(text.value_or(""));
             if (!mode)
                 return done(enumError(text.value_or("null"), "streamModeDetails.streamMode",
                                       kStreamModes));
             r.mode = *mode;
             run<void>(
                 h, [r](Engine &e) { return e.updateStreamMode(r); }, empty, done);
         }},
        {"PutRecord",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("Data", "data");
             f.required("PartitionKey", "partitionKey");
             PutRecordRequest r;
             r.stream = f.stream();
             r.data = f.blob("Data").value_or("");
             r.partitionKey = f.string("PartitionKey").value_or("");
             r.explicitHashKey = f.string("ExplicitHashKey");
             r.sequenceNumberForOrdering = f.string("SequenceNumberForOrdering");
             if (auto p = f.problem())
                 return done(*p);
             h.putRecord(std::move(r), [done](Result<PutRecordResult> res) {
                 if (!res)
                     return done(res.error());
                 done(encode(res.value()));
             });
         }},
        {"PutRecords",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("Records", "records");
             PutRecordsRequest r;
             r.stream = f.stream();
             const QJsonArray records = f.array("Records");
             r.records.reserve(std::size_t(records.size()));
             int index = 0;
             for (const auto &v : records) {
                 if (!v.isObject()) {
                     return done(
                         Error{ErrorCode::Validation, "'Records' must be a list of structures."});
                 }
                 Fields e(v.toObject());
                 const std::string at = "records." + std::to_string(++index) + ".member.";
                 e.required("Data", (at + "data").c_str());
                 e.required("PartitionKey", (at + "partitionKey").c_str());
                 PutRecordsEntry entry{e.blob("Data").value_or(""),
                                       e.string("PartitionKey").value_or(""),
                                       e.string("ExplicitHashKey")};
                 if (auto p = e.problem())
                     return done(*p);
                 r.records.push_back(std::move(entry));
             }
             if (auto p = f.problem())
                 return done(*p);
             h.putRecords(std::move(r), [done](Result<PutRecordsResult> res) {
                 if (!res)
                     return done(res.error());
                 done(encode(res.value()));
             });
         }},
        {"GetShardIterator",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("ShardId", "shardId");
             f.required("ShardIteratorType", "shardIteratorType");
             GetShardIteratorRequest r;
             r.stream = f.stream();
             r.shardId = f.string("ShardId").value_or("");
             const auto type = f.string("ShardIteratorType");
             r.startingSequenceNumber = f.string("StartingSequenceNumber");
             r.timestampMs = f.timestampMs("Timestamp");
             if (auto p = f.problem())
                 return done(*p);
             const auto t = iteratorTypeFromString(*type);
             if (!t)
                 return done(enumError(*type, "shardIteratorType",
                                       "AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, "
                                       "LATEST, AT_TIMESTAMP"));
             r.type = *t;
             run<GetShardIteratorResult>(
                 h, [r](Engine &e) { return e.getShardIterator(r); },
                 [](const GetShardIteratorResult &g) {
                     JsonWriter w;
                     w.beginObject().member("ShardIterator", g.shardIterator).endObject();
                     return w.take();
                 },
                 done);
         }},
        {"GetRecords",
         [](Fields &f, service::EngineHost &h, Finish done) {
             f.required("ShardIterator", "shardIterator");
             GetRecordsRequest r{f.string("ShardIterator").value_or(""), f.integer("Limit"),
                                 f.string("StreamARN")};
             if (auto p = f.problem())
                 return done(*p);
             h.getRecords(std::move(r), [done](Result<GetRecordsResult> res) {
                 if (!res)
                     return done(res.error());
                 done(encode(res.value()));
             });
         }},
    };
    return table;
}

/// Checks the SigV4 Authorization header (or presigned query); empty when acceptable.
std::optional<std::pair<std::string, std::string>> authProblem(const HttpRequest &req)
{
    const QByteArray auth = req.header("authorization");
    const QUrlQuery query(QString::fromLatin1(req.target.mid(req.target.indexOf('?') + 1)));
    const bool queryAuth
        = req.target.contains('?') && query.hasQueryItem(QStringLiteral("X-Amz-Algorithm"));
    if (!auth.isEmpty() && queryAuth)
        return std::pair{std::string("InvalidSignatureException"),
                         std::string("Found both 'X-Amz-Algorithm' as a query-string param and "
                                     "'Authorization' as HTTP header.")};
    if (queryAuth) {
        for (const char *p :
             {"X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"})
            if (!query.hasQueryItem(QLatin1String(p)))
                return std::pair{std::string("IncompleteSignatureException"),
                                 std::string("AWS query-string parameters must include '") + p
                                     + "'."};
        return std::nullopt;
    }
    if (auth.isEmpty())
        return std::pair{std::string("MissingAuthenticationTokenException"),
                         std::string("Missing Authentication Token")};
    if (!auth.startsWith("AWS4-HMAC-SHA256 "))
        return std::pair{
            std::string("IncompleteSignatureException"),
            std::string("Authorization header requires the AWS4-HMAC-SHA256 algorithm.")};
    std::string missing;
    for (const char *p : {"Credential=", "Signature=", "SignedHeaders="})
        if (!auth.contains(p))
            missing += std::string(missing.empty() ? "" : " ") + "Authorization header requires '"
                       + std::string(p, std::strlen(p) - 1) + "' parameter.";
    if (!req.hasHeader("x-amz-date") && !req.hasHeader("date"))
        missing += std::string(missing.empty() ? "" : " ")
                   + "Authorization header requires existence of either a "
                     "'X-Amz-Date' or a 'Date' header.";
    if (!missing.empty())
        return std::pair{std::string("IncompleteSignatureException"),
                         missing + " Authorization=" + auth.toStdString()};
    return std::nullopt;
}

/// "AWS4-HMAC-SHA256 Credential=AKID/20261126/us-east-1/kinesis/aws4_request, SignedHeaders=a;b,
/// Signature=hex"
std::map<std::string, std::string> authorizationParts(const QByteArray &auth)
{
    std::map<std::string, std::string> parts;
    for (const QByteArray &piece : auth.mid(auth.indexOf(' ') + 1).split(',')) {
        const QByteArray p = piece.trimmed();
        const qsizetype eq = p.indexOf('=');
        if (eq > 0)
            parts[p.left(eq).toStdString()] = p.mid(eq + 1).toStdString();
    }
    return parts;
}

/// The SigV4 pieces of a request, from the presigned query or else the Authorization header.
struct SignatureParts
{
    QByteArray path;
    QUrlQuery query;
    bool presigned = false;
    std::string credential, signedHeaders, signature, amzDate;
};

SignatureParts signatureParts(const HttpRequest &req)
{
    SignatureParts s;
    const qsizetype q = req.target.indexOf('?');
    s.path = q < 0 ? req.target : req.target.left(q);
    s.query = QUrlQuery(QString::fromLatin1(q < 0 ? QByteArray() : req.target.mid(q + 1)));
    s.presigned = s.query.hasQueryItem(QStringLiteral("X-Amz-Algorithm"));
    if (s.presigned) {
        auto item = [&s](const char *name) {
            return s.query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded).toStdString();
        };
        s.credential = item("X-Amz-Credential");
        s.signedHeaders = item("X-Amz-SignedHeaders");
        s.signature = item("X-Amz-Signature");
        s.amzDate = item("X-Amz-Date");
    } else {
        auto parts = authorizationParts(req.header("authorization"));
        s.credential = parts["Credential"];
        s.signedHeaders = parts["SignedHeaders"];
        s.signature = parts["Signature"];
        s.amzDate = req.header("x-amz-date").toStdString();
    }
    return s;
}

/// The region of the request's credential scope (AKID/date/region/service/aws4_request), or empty.
std::string scopeRegion(const HttpRequest &req)
{
    const QList<QByteArray> parts
        = QByteArray::fromStdString(signatureParts(req).credential).split('/');
    return parts.size() == 5 ? parts[2].toStdString() : std::string();
}

/// Verifies the signature when credentials are configured; the error type and AWS's text if not.
std::optional<std::pair<std::string, std::string>>
signatureProblem(const HttpRequest &req, const std::map<std::string, std::string> &secrets)
{
    const SignatureParts parts = signatureParts(req);
    const QByteArray &path = parts.path;
    const QUrlQuery &query = parts.query;
    const bool presigned = parts.presigned;
    const std::string &credential = parts.credential, &signedHeaders = parts.signedHeaders,
                      &signature = parts.signature, &amzDate = parts.amzDate;
    // Credential = AKID/date/region/service/aws4_request
    const QList<QByteArray> scope = QByteArray::fromStdString(credential).split('/');
    if (scope.size() != 5 || scope[4] != "aws4_request")
        return std::pair{std::string("IncompleteSignatureException"),
                         "Credential should be scoped to a valid region, not '" + credential
                             + "'."};
    const auto secret = secrets.find(scope[0].toStdString());
    if (secret == secrets.end())
        return std::pair{std::string("UnrecognizedClientException"),
                         std::string("The security token included in the request is invalid.")};
    // Clock skew: AWS refuses signatures more than 15 minutes from its clock.
    const QDateTime signedAt = QDateTime::fromString(QString::fromStdString(amzDate),
                                                     QStringLiteral("yyyyMMddTHHmmssZ"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (signedAt.isValid()) {
        QDateTime at = signedAt;
        at.setTimeZone(QTimeZone::utc());
        const auto fmt = QStringLiteral("yyyyMMddTHHmmssZ");
        if (at.secsTo(now) > 15 * 60)
            return std::pair{std::string("InvalidSignatureException"),
                             "Signature expired: " + amzDate + " is now earlier than "
                                 + now.addSecs(-15 * 60).toString(fmt).toStdString() + " ("
                                 + now.toString(fmt).toStdString() + " - 15 min.)"};
        if (now.secsTo(at) > 15 * 60)
            return std::pair{std::string("InvalidSignatureException"),
                             "Signature not yet current: " + amzDate + " is still later than "
                                 + now.addSecs(15 * 60).toString(fmt).toStdString() + " ("
                                 + now.toString(fmt).toStdString() + " + 15 min.)"};
    }
    crypto::sigv4::CanonicalInput in;
    in.method = req.method.toStdString();
    in.path = QByteArray::fromPercentEncoding(path).toStdString();
    for (const auto &[k, v] : query.queryItems(QUrl::FullyDecoded))
        if (!(presigned && k == QStringLiteral("X-Amz-Signature")))
            in.query.emplace_back(k.toStdString(), v.toStdString());
    for (const QByteArray &name : QByteArray::fromStdString(signedHeaders).split(';'))
        for (const auto &[k, v] : req.headers)
            if (k == name)
                in.headers.emplace_back(k.toStdString(), v.toStdString());
    const QByteArray contentHash = req.header("x-amz-content-sha256");
    in.payloadHash
        = !contentHash.isEmpty() ? contentHash.toStdString()
          : presigned
              ? std::string("UNSIGNED-PAYLOAD")
              : crypto::hex(crypto::sha256({req.body.constData(), std::size_t(req.body.size())}));
    const std::string canonical = crypto::sigv4::canonicalRequest(in);
    const std::string scopeText = scope[1].toStdString() + '/' + scope[2].toStdString() + '/'
                                  + scope[3].toStdString() + "/aws4_request";
    const std::string expected = crypto::sigv4::signature(
        secret->second, scope[1].toStdString(), scope[2].toStdString(), scope[3].toStdString(),
        crypto::sigv4::stringToSign(amzDate, scopeText, canonical));
    if (!crypto::constantTimeEquals(expected, signature))
        return std::pair{std::string("InvalidSignatureException"),
                         std::string("The request signature we calculated does not match the "
                                     "signature you provided. Check "
                                     "your AWS Secret Access Key and signing method. Consult the "
                                     "service documentation for "
                                     "details.")};
    return std::nullopt;
}

} // namespace

KinesisEndpoint::KinesisEndpoint(service::EngineHost &host, std::string region)
    : m_host(host), m_region(std::move(region))
{}

void KinesisEndpoint::setCredentials(std::map<std::string, std::string> secretsByAccessKey)
{
    std::lock_guard lock(m_countsMutex);
    m_secrets = std::move(secretsByAccessKey);
}

std::optional<std::map<std::string, std::string>>
KinesisEndpoint::parseCredentialsFile(const QByteArray &text, std::string *error)
{
    std::map<std::string, std::string> out;
    std::string section, akid, secret;
    int line = 0;
    auto flush = [&]() -> bool {
        if (akid.empty() && secret.empty())
            return true;
        if (akid.empty() || secret.empty()) {
            *error = "profile [" + section
                     + "] needs both aws_access_key_id and aws_secret_access_key";
            return false;
        }
        out[akid] = secret;
        akid.clear();
        secret.clear();
        return true;
    };
    for (const QByteArray &raw : text.split('\n')) {
        ++line;
        const QByteArray l = raw.trimmed();
        if (l.isEmpty() || l.startsWith('#') || l.startsWith(';'))
            continue;
        if (l.startsWith('[') && l.endsWith(']')) {
            if (!flush())
                return std::nullopt;
            section = l.mid(1, l.size() - 2).trimmed().toStdString();
            continue;
        }
        const qsizetype eq = l.indexOf('=');
        if (eq <= 0) {
            *error = "line " + std::to_string(line) + " is not 'key = value'";
            return std::nullopt;
        }
        const QByteArray key = l.left(eq).trimmed().toLower();
        const std::string value = l.mid(eq + 1).trimmed().toStdString();
        if (key == "aws_access_key_id")
            akid = value;
        else if (key == "aws_secret_access_key")
            secret = value;
    }
    if (!flush())
        return std::nullopt;
    if (out.empty()) {
        *error = "no aws_access_key_id / aws_secret_access_key pairs found";
        return std::nullopt;
    }
    return out;
}

QStringList KinesisEndpoint::operations()
{
    QStringList out;
    for (const auto &[name, op] : operationTable())
        out << QString::fromStdString(name);
    return out;
}

std::map<std::string, qint64> KinesisEndpoint::countsByOperation() const
{
    std::lock_guard lock(m_countsMutex);
    return m_byOperation;
}

std::map<std::string, qint64> KinesisEndpoint::countsByError() const
{
    std::lock_guard lock(m_countsMutex);
    return m_byError;
}

void KinesisEndpoint::count(const std::string &operation, const std::string &error,
                            const std::string &clientKey, const HttpRequest *request)
{
    ++m_stats.requests;
    if (!error.empty())
        ++m_stats.errors;
    std::lock_guard lock(m_countsMutex);
    if (!operation.empty())
        ++m_byOperation[operation];
    if (!error.empty())
        ++m_byError[error];
    if (clientKey.empty())
        return;
    const std::int64_t nowMs = QDateTime::currentMSecsSinceEpoch();
    auto it = m_clients.find(clientKey);
    if (it == m_clients.end()) {
        if (m_clients.size() >= 64) { // forget the longest silent
            auto oldest = std::min_element(
                m_clients.begin(), m_clients.end(), [](const auto &a, const auto &b) {
                    return a.second.info.lastSeenMs < b.second.info.lastSeenMs;
                });
            m_clients.erase(oldest);
        }
        Client c;
        if (request)
            c.info.address = request->peer.toString().toStdString();
        it = m_clients.emplace(clientKey, std::move(c)).first;
    }
    Client &c = it->second;
    if (request)
        c.info.userAgent = request->header("user-agent").toStdString(); // the latest in full
    const std::int64_t second = nowMs / 1000;
    for (std::int64_t s = std::max(c.bucketSecond + 1, second - 9); s <= second; ++s)
        c.perSecond[std::size_t(s % 10)] = 0;
    c.bucketSecond = second;
    ++c.perSecond[std::size_t(second % 10)];
    ++c.info.requests;
    if (!error.empty())
        ++c.info.errors[error];
    c.info.lastSeenMs = nowMs;
}

void KinesisEndpoint::countError(const std::string &error, const std::string &clientKey)
{
    ++m_stats.errors;
    std::lock_guard lock(m_countsMutex);
    ++m_byError[error];
    if (auto it = m_clients.find(clientKey); it != m_clients.end())
        ++it->second.info.errors[error];
}

std::vector<service::EndpointClient> KinesisEndpoint::clients() const
{
    std::lock_guard lock(m_countsMutex);
    const std::int64_t second = QDateTime::currentMSecsSinceEpoch() / 1000;
    std::vector<service::EndpointClient> out;
    for (const auto &[key, c] : m_clients) {
        service::EndpointClient info = c.info;
        std::int64_t recent = 0;
        for (std::int64_t s = second - 9; s <= second; ++s)
            if (s <= c.bucketSecond && s > c.bucketSecond - 10)
                recent += c.perSecond[std::size_t(s % 10)];
        info.requestsPerSecond = double(recent) / 10.0;
        out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(),
              [](const auto &a, const auto &b) { return a.lastSeenMs > b.lastSeenMs; });
    return out;
}

void KinesisEndpoint::handle(HttpRequest request, Responder respond)
{
    // A client is an address and a product ("aws-cli/2.9.19", "Boto3/1.26.27"): the rest of a user
    // agent changes per command (the AWS CLI appends command/kinesis.put-record).
    const std::string client = request.peer.toString().toStdString() + '\n'
                               + request.header("user-agent").split(' ').front().toStdString();
    auto fail = [this, &respond, &client, &request](const std::string &op, std::string_view type,
                                                    const std::string &message, int status = 400) {
        count(op, std::string(type), client, &request);
        respond(errorResponse(type, message, status));
    };
    if (request.method == "OPTIONS") {
        HttpResponse r;
        r.headers
            = {{"Access-Control-Allow-Origin", "*"},
               {"Access-Control-Allow-Methods", "POST, OPTIONS"},
               {"Access-Control-Allow-Headers", request.header("access-control-request-headers")},
               {"Access-Control-Max-Age", "172800"},
               {"x-amzn-RequestId", requestId()}};
        return respond(std::move(r));
    }
    const QByteArray target = request.header("x-amz-target");
    const QByteArray contentType
        = request.header("content-type").split(';').front().trimmed().toLower();
    std::string op;
    if (target.startsWith(kTargetPrefix))
        op = target.mid(qsizetype(std::strlen(kTargetPrefix))).toStdString();
    if (request.method != "POST")
        return fail(op, "UnknownOperationException",
                    "Only POST is supported; the operation goes in X-Amz-Target.");
    if (contentType == kCbor) {
        // The same operations; the answer goes back in CBOR.
        respond = [inner = std::move(respond)](HttpResponse r) {
            r.body = jsonAnswerToCbor(r.body);
            for (auto &[k, v] : r.headers)
                if (k == "Content-Type")
                    v = kCbor;
            inner(std::move(r));
        };
    } else if (contentType != kJson) {
        return fail(op, "UnknownOperationException", "", 404);
    }
    const auto &table = operationTable();
    const auto it = table.find(op);
    if (op.empty() || it == table.end())
        return fail(op, "UnknownOperationException",
                    op.empty() ? "" : "Operation " + op + " is not supported.");
    if (auto problem = authProblem(request))
        return fail(op, problem->first, problem->second);
    // The region comes from the credential scope; this endpoint is one region's, as AWS's are.
    if (const std::string scoped = scopeRegion(request);
        !m_region.empty() && !scoped.empty() && scoped != m_region)
        return fail(op, "InvalidSignatureException",
                    "Credential should be scoped to a valid region, not '" + scoped
                        + "'. This endpoint serves " + m_region + ": sign for it (--region "
                        + m_region + ") or start the endpoint with --region " + scoped + ".");
    {
        std::map<std::string, std::string> secrets;
        {
            std::lock_guard lock(m_countsMutex);
            secrets = m_secrets;
        }
        if (!secrets.empty())
            if (auto problem = signatureProblem(request, secrets))
                return fail(op, problem->first, problem->second);
    }
    QJsonObject body;
    if (contentType == kCbor) {
        std::string why;
        auto decoded = cborRequestToJson(request.body, &why);
        if (!decoded)
            return fail(op, "SerializationException", why);
        body = std::move(*decoded);
    } else {
        QJsonParseError parseError{};
        const QJsonDocument doc = request.body.isEmpty()
                                      ? QJsonDocument(QJsonObject{})
                                      : QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return fail(op, "SerializationException",
                        parseError.error != QJsonParseError::NoError
                            ? "Start of structure or map found where not expected: "
                                  + parseError.errorString().toStdString()
                            : "Start of structure or map found where not expected.");
        body = doc.object();
    }
    Fields fields(body);
    count(op, {}, client,
          &request); // the request, seen; its error (if any) is counted when answered
    it->second(fields, m_host, [this, respond, client](Result<QByteArray> r) {
        if (r)
            return respond(okResponse(std::move(r.value())));
        countError(std::string(r.error().name()), client);
        respond(errorResponse(r.error()));
    });
}

} // namespace shs::net
