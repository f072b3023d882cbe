// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Kinesis Agent's JSON configuration (/etc/aws-kinesis/agent.json): its top-level keys and
// its flows, by the Agent's names, defaults and valid ranges (awslabs/amazon-kinesis-agent,
// FileFlow and KinesisFileFlow). Values may be JSON numbers or strings holding them, as the
// Agent's converters accept. Keys the Agent has and Shardscope does not use (its CloudWatch
// metrics, thread pools, assumed roles) are accepted and named in `ignored`; a key neither knows
// is named in `unknown`, since the Agent ignores it too and a typo should not pass in silence.
#include "engine/result.h"

#include <QByteArray>
#include <QJsonObject>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shs::producer {

/// One of a flow's dataProcessingOptions.
struct AgentProcessing
{
    enum class Kind { SingleLine, CsvToJson, LogToJson };
    enum class LogFormat {
        CommonApacheLog,
        CombinedApacheLog,
        ApacheErrorLog,
        SysLog,
        Rfc3339SysLog
    };
    Kind kind = Kind::SingleLine;
    // SINGLELINE: parseOptions NO_TRIM, ESCAPE_NEW_LINE.
    bool noTrim = false;
    bool escapeNewLine = false;
    // CSVTOJSON: customFieldNames (required) and delimiter (a regular expression, "," by default).
    // LOGTOJSON: logFormat (required), matchPattern (then customFieldNames too), customFieldNames.
    std::vector<std::string> customFieldNames;
    bool hasCustomFieldNames = false;
    std::string delimiter = ",";
    LogFormat logFormat = LogFormat::CommonApacheLog;
    std::optional<std::string> matchPattern;
    bool prettyPrint = false; ///< jsonFormat PRETTYPRINT (COMPACT by default)
};

struct AgentFlow
{
    enum class PartitionKeyOption { Random, Deterministic };
    enum class InitialPosition { StartOfFile, EndOfFile };

    std::string filePattern; ///< an absolute path; a glob in its file name only
    std::string kinesisStream;
    PartitionKeyOption partitionKeyOption = PartitionKeyOption::Random;
    InitialPosition initialPosition = InitialPosition::EndOfFile;
    std::int64_t maxBufferAgeMillis = 60'000; ///< 1 s … 15 min
    int maxBufferSizeRecords = 500;           ///< 1 … 500
    int maxBufferSizeBytes = 5 * 1024 * 1024; ///< 1 … 5 MiB
    std::optional<std::string> multiLineStartPattern;
    int skipHeaderLines = 0;
    std::string truncatedRecordTerminator = "\n";
    std::int64_t retryInitialBackoffMillis = 100;
    std::int64_t retryMaxBackoffMillis = 10'000;
    std::int64_t minTimeBetweenFilePollsMillis = 100;
    std::vector<AgentProcessing> dataProcessingOptions;

    /// The Agent's flow id, which keys its checkpoints: "kinesis:STREAM:PATTERN".
    std::string id() const { return "kinesis:" + kinesisStream + ":" + filePattern; }
};

struct AgentConfig
{
    std::string kinesisEndpoint; ///< "kinesis.endpoint": a host or URL; empty for the engine
    std::string kinesisRegion;   ///< "kinesis.region": signs requests; empty: the usual chain
    std::string checkpointFile;  ///< empty: the caller's default
    std::string awsAccessKeyId;
    std::string awsSecretAccessKey;
    std::vector<AgentFlow> flows;
    std::vector<std::string> ignored; ///< the Agent's keys that do nothing here
    std::vector<std::string> unknown; ///< keys the Agent does not have either

    /// Parses and checks the configuration: every problem found, one per line, in the error's
    /// message ("flows[0].maxBufferAgeMillis: 10 is outside 1000 … 900000").
    static core::Result<AgentConfig> fromJson(const QByteArray &json);
};

/// A flow's dataProcessingOptions read from one JSON object (used by fromJson, and by the window
/// for a single flow); problems are appended to `problems` with `where` as their prefix.
std::optional<AgentProcessing> parseAgentProcessing(const QJsonObject &object,
                                                    const std::string &where,
                                                    std::vector<std::string> &problems);

} // namespace shs::producer
