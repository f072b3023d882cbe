// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_config.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <set>

namespace shs::producer {

namespace {

// The Agent's top-level keys that configure what Shardscope does not have.
const std::set<std::string> kIgnoredTopLevel = {"cloudwatch.emitMetrics",
                                                "cloudwatch.endpoint",
                                                "cloudwatch.tagInstance",
                                                "cloudwatch.metricsBufferTimeMillis",
                                                "cloudwatch.namespace",
                                                "cloudwatch.metricsQueueSize",
                                                "firehose.endpoint",
                                                "sts.endpoint",
                                                "assumeRoleARN",
                                                "assumeRoleExternalId",
                                                "assumeRoleDurationSeconds",
                                                "log.emitMetrics",
                                                "log.emitInternalMetrics",
                                                "log.statusReportingPeriodSeconds",
                                                "maxSendingThreads",
                                                "maxSendingThreadsPerCore",
                                                "sendingThreadsKeepAliveMillis",
                                                "sendingThreadsMaxQueueSize",
                                                "maxConnections",
                                                "connectionTimeoutMillis",
                                                "connectionTTLMillis",
                                                "socketTimeoutMillis",
                                                "useTcpKeepAlive",
                                                "useHttpGzip",
                                                "shutdownTimeoutMillis",
                                                "checkpointTimeToLiveDays",
                                                "userDefinedCredentialsProvider.classname",
                                                "userDefinedCredentialsProvider.location"};
const std::set<std::string> kTopLevel = {"kinesis.endpoint", "kinesis.region",     "checkpointFile",
                                         "awsAccessKeyId",   "awsSecretAccessKey", "flows"};
const std::set<std::string> kIgnoredFlow = {"waitOnFullPublishQueueMillis",
                                            "waitOnEmptyPublishQueueMillis",
                                            "waitOnFullRetryQueueMillis",
                                            "publishQueueCapacity",
                                            "maxTimeBetweenFileTrackerRefreshMillis",
                                            "fileFooterPattern"};
const std::set<std::string> kFlow = {"filePattern",
                                     "kinesisStream",
                                     "partitionKeyOption",
                                     "initialPosition",
                                     "maxBufferAgeMillis",
                                     "maxBufferSizeRecords",
                                     "maxBufferSizeBytes",
                                     "multiLineStartPattern",
                                     "skipHeaderLines",
                                     "truncatedRecordTerminator",
                                     "retryInitialBackoffMillis",
                                     "retryMaxBackoffMillis",
                                     "minTimeBetweenFilePollsMillis",
                                     "dataProcessingOptions"};

struct Reader
{
    const QJsonObject &object;
    std::string where; ///< "flows[0]."
    std::vector<std::string> &problems;

    void problem(const QString &key, const std::string &what) const
    {
        problems.push_back(where + key.toStdString() + ": " + what);
    }
    std::optional<std::string> string(const QString &key) const
    {
        const QJsonValue v = object.value(key);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isString()) {
            problem(key, "expected a string");
            return std::nullopt;
        }
        return v.toString().toStdString();
    }
    /// A whole number in [min, max], as a JSON number or a string holding one.
    std::int64_t integer(const QString &key, std::int64_t def, std::int64_t min,
                         std::int64_t max) const
    {
        const QJsonValue v = object.value(key);
        if (v.isUndefined() || v.isNull())
            return def;
        std::optional<std::int64_t> n;
        if (v.isDouble() && v.toDouble() == double(std::int64_t(v.toDouble())))
            n = std::int64_t(v.toDouble());
        else if (v.isString()) {
            bool ok = false;
            const qlonglong parsed = v.toString().trimmed().toLongLong(&ok);
            if (ok)
                n = parsed;
        }
        if (!n) {
            problem(key, "expected a whole number");
            return def;
        }
        if (*n < min || *n > max) {
            problem(key, std::to_string(*n) + " is outside " + std::to_string(min) + " … "
                             + std::to_string(max));
            return def;
        }
        return *n;
    }
    /// One of `names` (the Agent's enum names, upper case), or `def`.
    template <typename E>
    E choice(const QString &key, E def, const std::vector<std::pair<const char *, E>> &names) const
    {
        const auto text = string(key);
        if (!text)
            return def;
        std::string known;
        for (const auto &[name, value] : names) {
            if (*text == name)
                return value;
            known += (known.empty() ? "" : ", ") + std::string(name);
        }
        problem(key, "\"" + *text + "\" is not one of " + known);
        return def;
    }
    std::optional<std::vector<std::string>> strings(const QString &key) const
    {
        const QJsonValue v = object.value(key);
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isArray()) {
            problem(key, "expected a list of strings");
            return std::nullopt;
        }
        std::vector<std::string> out;
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString()) {
                problem(key, "expected a list of strings");
                return std::nullopt;
            }
            out.push_back(item.toString().toStdString());
        }
        return out;
    }
    void regex(const QString &key, const std::optional<std::string> &pattern) const
    {
        if (!pattern)
            return;
        const QRegularExpression re(QString::fromStdString(*pattern));
        if (!re.isValid())
            problem(key, "not a regular expression: " + re.errorString().toStdString());
    }
};

void sortKeys(const QJsonObject &object, const std::string &where,
              const std::set<std::string> &known, const std::set<std::string> &ignoredKeys,
              std::vector<std::string> &ignored, std::vector<std::string> &unknown)
{
    for (const QString &key : object.keys()) {
        const std::string k = key.toStdString();
        if (known.count(k))
            continue;
        (ignoredKeys.count(k) ? ignored : unknown).push_back(where + k);
    }
}

} // namespace

std::optional<AgentProcessing> parseAgentProcessing(const QJsonObject &object,
                                                    const std::string &where,
                                                    std::vector<std::string> &problems)
{
    using K = AgentProcessing::Kind;
    using L = AgentProcessing::LogFormat;
    const Reader r{object, where, problems};
    const auto name = r.string(QStringLiteral("optionName"));
    if (!name) {
        r.problem(QStringLiteral("optionName"), "required (SINGLELINE, CSVTOJSON or LOGTOJSON)");
        return std::nullopt;
    }
    AgentProcessing p;
    if (*name == "SINGLELINE") {
        p.kind = K::SingleLine;
        for (const auto &o :
             r.strings(QStringLiteral("parseOptions")).value_or(std::vector<std::string>{})) {
            if (o == "NO_TRIM")
                p.noTrim = true;
            else if (o == "ESCAPE_NEW_LINE")
                p.escapeNewLine = true;
            else
                r.problem(QStringLiteral("parseOptions"),
                          "\"" + o + "\" is not one of NO_TRIM, ESCAPE_NEW_LINE");
        }
        return p;
    }
    if (*name == "ADDMETADATA" || *name == "ADDEC2METADATA" || *name == "ADDBRACKETS"
        || *name == "USINGPLUGGIN") {
        r.problem(QStringLiteral("optionName"),
                  *name
                      + " is an option of the Kinesis Agent that Shardscope does not have; "
                        "use SINGLELINE, CSVTOJSON or LOGTOJSON");
        return std::nullopt;
    }
    if (*name != "CSVTOJSON" && *name != "LOGTOJSON") {
        r.problem(QStringLiteral("optionName"),
                  "\"" + *name + "\" is not one of SINGLELINE, CSVTOJSON, LOGTOJSON");
        return std::nullopt;
    }
    p.prettyPrint = r.choice<bool>(QStringLiteral("jsonFormat"), false,
                                   {{"COMPACT", false}, {"PRETTYPRINT", true}});
    if (auto fields = r.strings(QStringLiteral("customFieldNames"))) {
        p.customFieldNames = *fields;
        p.hasCustomFieldNames = true;
    }
    if (*name == "CSVTOJSON") {
        p.kind = K::CsvToJson;
        if (!p.hasCustomFieldNames)
            r.problem(QStringLiteral("customFieldNames"), "required by CSVTOJSON");
        p.delimiter = r.string(QStringLiteral("delimiter")).value_or(",");
        r.regex(QStringLiteral("delimiter"), p.delimiter);
        return p;
    }
    p.kind = K::LogToJson;
    if (!object.contains(QStringLiteral("logFormat"))) {
        r.problem(QStringLiteral("logFormat"), "required by LOGTOJSON (COMMONAPACHELOG, "
                                               "COMBINEDAPACHELOG, APACHEERRORLOG, SYSLOG or "
                                               "RFC3339SYSLOG)");
        return std::nullopt;
    }
    p.logFormat = r.choice<L>(QStringLiteral("logFormat"), L::CommonApacheLog,
                              {{"COMMONAPACHELOG", L::CommonApacheLog},
                               {"COMBINEDAPACHELOG", L::CombinedApacheLog},
                               {"APACHEERRORLOG", L::ApacheErrorLog},
                               {"SYSLOG", L::SysLog},
                               {"RFC3339SYSLOG", L::Rfc3339SysLog}});
    p.matchPattern = r.string(QStringLiteral("matchPattern"));
    r.regex(QStringLiteral("matchPattern"), p.matchPattern);
    if (p.matchPattern && !p.hasCustomFieldNames)
        r.problem(QStringLiteral("customFieldNames"),
                  "must be specified when matchPattern is specified");
    return p;
}

core::Result<AgentConfig> AgentConfig::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "not JSON: " + parseError.errorString().toStdString() + " at byte "
                                   + std::to_string(parseError.offset));
    if (!doc.isObject())
        return core::makeError(core::ErrorCode::InvalidArgument,
                               "expected a JSON object with \"flows\"");
    const QJsonObject top = doc.object();
    std::vector<std::string> problems;
    AgentConfig c;
    const Reader r{top, "", problems};
    sortKeys(top, "", kTopLevel, kIgnoredTopLevel, c.ignored, c.unknown);
    c.kinesisEndpoint = r.string(QStringLiteral("kinesis.endpoint")).value_or("");
    c.kinesisRegion = r.string(QStringLiteral("kinesis.region")).value_or("");
    c.checkpointFile = r.string(QStringLiteral("checkpointFile")).value_or("");
    c.awsAccessKeyId = r.string(QStringLiteral("awsAccessKeyId")).value_or("");
    c.awsSecretAccessKey = r.string(QStringLiteral("awsSecretAccessKey")).value_or("");
    if (c.awsAccessKeyId.empty() != c.awsSecretAccessKey.empty())
        problems.push_back("awsAccessKeyId and awsSecretAccessKey go together");
    const QJsonValue flows = top.value(QStringLiteral("flows"));
    if (!flows.isArray() || flows.toArray().isEmpty())
        problems.push_back("flows: required, a list of at least one flow");
    int index = 0;
    for (const QJsonValue &v : flows.toArray()) {
        const std::string where = "flows[" + std::to_string(index++) + "].";
        if (!v.isObject()) {
            problems.push_back(where.substr(0, where.size() - 1) + ": expected an object");
            continue;
        }
        const QJsonObject o = v.toObject();
        const Reader f{o, where, problems};
        sortKeys(o, where, kFlow, kIgnoredFlow, c.ignored, c.unknown);
        AgentFlow flow;
        if (o.contains(QStringLiteral("deliveryStream")))
            f.problem(QStringLiteral("deliveryStream"),
                      "Firehose delivery streams are not served by Shardscope; name a Kinesis "
                      "data stream with kinesisStream");
        flow.kinesisStream = f.string(QStringLiteral("kinesisStream")).value_or("");
        if (flow.kinesisStream.empty() && !o.contains(QStringLiteral("deliveryStream")))
            f.problem(QStringLiteral("kinesisStream"), "required");
        flow.filePattern = f.string(QStringLiteral("filePattern")).value_or("");
        if (flow.filePattern.empty())
            f.problem(QStringLiteral("filePattern"), "required");
        else if (flow.filePattern.front() != '/')
            f.problem(QStringLiteral("filePattern"),
                      "\"" + flow.filePattern + "\" must be an absolute path");
        else if (flow.filePattern.back() == '/')
            f.problem(QStringLiteral("filePattern"), "the file name component is empty");
        else if (flow.filePattern.substr(0, flow.filePattern.rfind('/')).find_first_of("*?[{")
                 != std::string::npos)
            f.problem(QStringLiteral("filePattern"),
                      "a pattern may only be in the file name, not in its directories");
        using P = AgentFlow::PartitionKeyOption;
        using I = AgentFlow::InitialPosition;
        flow.partitionKeyOption
            = f.choice<P>(QStringLiteral("partitionKeyOption"), P::Random,
                          {{"RANDOM", P::Random}, {"DETERMINISTIC", P::Deterministic}});
        flow.initialPosition
            = f.choice<I>(QStringLiteral("initialPosition"), I::EndOfFile,
                          {{"START_OF_FILE", I::StartOfFile}, {"END_OF_FILE", I::EndOfFile}});
        flow.maxBufferAgeMillis
            = f.integer(QStringLiteral("maxBufferAgeMillis"), 60'000, 1'000, 900'000);
        flow.maxBufferSizeRecords
            = int(f.integer(QStringLiteral("maxBufferSizeRecords"), 500, 1, 500));
        flow.maxBufferSizeBytes = int(
            f.integer(QStringLiteral("maxBufferSizeBytes"), 5 * 1024 * 1024, 1, 5 * 1024 * 1024));
        flow.multiLineStartPattern = f.string(QStringLiteral("multiLineStartPattern"));
        if (flow.multiLineStartPattern && flow.multiLineStartPattern->empty())
            f.problem(QStringLiteral("multiLineStartPattern"), "must not be empty");
        f.regex(QStringLiteral("multiLineStartPattern"), flow.multiLineStartPattern);
        flow.skipHeaderLines = int(f.integer(QStringLiteral("skipHeaderLines"), 0, 0, 1'000'000));
        flow.truncatedRecordTerminator
            = f.string(QStringLiteral("truncatedRecordTerminator")).value_or("\n");
        if (flow.truncatedRecordTerminator.size() > 1024)
            f.problem(QStringLiteral("truncatedRecordTerminator"), "longer than 1,024 bytes");
        flow.retryInitialBackoffMillis
            = f.integer(QStringLiteral("retryInitialBackoffMillis"), 100, 1, 3'600'000);
        flow.retryMaxBackoffMillis
            = f.integer(QStringLiteral("retryMaxBackoffMillis"), 10'000, 1, 3'600'000);
        if (flow.retryMaxBackoffMillis < flow.retryInitialBackoffMillis)
            f.problem(QStringLiteral("retryMaxBackoffMillis"),
                      "is less than retryInitialBackoffMillis");
        flow.minTimeBetweenFilePollsMillis
            = f.integer(QStringLiteral("minTimeBetweenFilePollsMillis"), 100, 1, 3'600'000);
        const QJsonValue options = o.value(QStringLiteral("dataProcessingOptions"));
        if (!options.isUndefined() && !options.isArray())
            f.problem(QStringLiteral("dataProcessingOptions"), "expected a list of objects");
        int n = 0;
        for (const QJsonValue &option : options.toArray()) {
            const std::string at = where + "dataProcessingOptions[" + std::to_string(n++) + "].";
            if (!option.isObject()) {
                problems.push_back(at.substr(0, at.size() - 1) + ": expected an object");
                continue;
            }
            if (auto p = parseAgentProcessing(option.toObject(), at, problems))
                flow.dataProcessingOptions.push_back(std::move(*p));
        }
        c.flows.push_back(std::move(flow));
    }
    if (!problems.empty()) {
        std::string message;
        for (const auto &p : problems)
            message += (message.empty() ? "" : "\n") + p;
        return core::makeError(core::ErrorCode::InvalidArgument, message);
    }
    return c;
}

} // namespace shs::producer
