// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// AgentProcessor: a flow's dataProcessingOptions applied to each record, in order, as the Kinesis
// Agent's converters do (SingleLineDataConverter, CSVToJSONDataConverter, LogToJSONDataConverter):
//
// - SINGLELINE joins a multi-line record's lines (each trimmed unless NO_TRIM, joined by "\\n"
//   with ESCAPE_NEW_LINE) and ends it with one newline;
// - CSVTOJSON splits the line on `delimiter` (a regular expression, split as Java's String.split:
//   trailing empty columns dropped) and writes {"field": "column", …}, null for a missing column;
// - LOGTOJSON matches the whole line against the log format's pattern (the Agent's patterns for
//   COMMONAPACHELOG, COMBINEDAPACHELOG, APACHEERRORLOG, SYSLOG and RFC3339SYSLOG, or
//   matchPattern) and writes its groups under the format's field names (or customFieldNames);
//   Apache's "-" becomes null; a line that does not match is dropped, as the Agent drops it.
//
// JSON is written as the Agent's Jackson writes it: fields in order, compact or Jackson's pretty
// printer, strings escaped as Jackson escapes them, and one newline at the end.
#include "agent_config.h"

#include <QRegularExpression>

#include <optional>
#include <string>
#include <vector>

namespace shs::producer {

class AgentProcessor
{
  public:
    /// Compiles the options' patterns (checked already by AgentConfig).
    explicit AgentProcessor(const std::vector<AgentProcessing> &options);
    /// The record after every option; nullopt when one dropped it.
    std::optional<std::string> apply(std::string record) const;
    bool empty() const { return m_steps.empty(); }

    /// The fields LOGTOJSON writes for a log format, as the Agent names them.
    static std::vector<std::string> logFields(AgentProcessing::LogFormat format);
    /// The Agent's name of a log format ("COMMONAPACHELOG").
    static std::string logFormatName(AgentProcessing::LogFormat format);
    /// The Agent's pattern for a log format (Java regular-expression syntax, which PCRE reads).
    static std::string logPattern(AgentProcessing::LogFormat format);

  private:
    struct Step
    {
        AgentProcessing option;
        QRegularExpression pattern; ///< the CSV delimiter, or the log line's pattern
        std::vector<std::string> fields;
    };
    std::vector<Step> m_steps;
};

/// Fields to a JSON object, in order, as Jackson writes a LinkedHashMap (nullopt is null).
std::string agentJson(const std::vector<std::pair<std::string, std::optional<std::string>>> &fields,
                      bool pretty);

} // namespace shs::producer
