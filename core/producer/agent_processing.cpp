// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_processing.h"

#include <cstdio>

namespace shs::producer {

namespace {

// The Agent's PatternConstants, as written there.
const std::string INT = "(?:[+-]?(?:[0-9]+))";
const std::string POSINT = "(?:[1-9][0-9]*)";
const std::string NONNEGINT = "(?:[0-9]+)";
const std::string ANYDATA = ".*";
const std::string WORD = "\\w+";
const std::string NOQUOTE = "[^\"]+";
const std::string IP = "(?:[\\d\\.]+)";
const std::string HOSTNAME = "(?:[\\w\\-]+)(?:\\.(?:[\\w\\-]+))*(?:\\.?|\\b)";
const std::string IPORHOST = "(?:" + HOSTNAME + "|" + IP + ")";
const std::string URIHOST = "(?:" + IPORHOST + "(?::" + POSINT + ")?)";
const std::string USER = "(?:[a-zA-Z0-9._-]+)";
const std::string MONTHDAY = "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])";
const std::string DAY = "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|"
                        "Sat(?:urday)?|Sun(?:day)?)";
const std::string MONTH = "\\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|"
                          "Jul(?:y)?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|"
                          "Dec(?:ember)?)\\b";
const std::string YEAR = "(?:[1-9]\\d*)";
const std::string HOUR = "(?:2[0123]|[01]?[0-9])";
const std::string MINUTE = "(?:[0-5][0-9])";
const std::string SECOND = "(?:(?:[0-5]?[0-9]|60)(?:[:\\.,][0-9]+)?)";
const std::string TIME = "(?:" + HOUR + ":" + MINUTE + ":" + SECOND + ")";
const std::string HTTPDATE
    = "(?:" + MONTHDAY + "/" + MONTH + "/" + YEAR + ":" + TIME + "\\s" + INT + ")";
const std::string APACHEERRORLOGTIMESTAMP
    = "(?:" + DAY + "\\s+" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + "\\s+" + YEAR + ")";
const std::string SYSLOGTIMESTAMP = "(?:" + MONTH + "\\s+" + MONTHDAY + "\\s+" + TIME + ")";
const std::string RFC3339
    = "(?:\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(?:Z|(?:[-+]\\d{2}:\\d{2}))";
const std::string SYSLOGFACILITY = "<" + NONNEGINT + "." + NONNEGINT + ">";
const std::string PROG = "([\\w\\._/%-]+)";
const std::string SYSLOGPROG = PROG + "(?:\\[(" + POSINT + ")\\])?";
const std::string COMMON_APACHE_LOG = "^(" + IPORHOST + ") (" + USER + ") (" + USER + ") \\[("
                                      + HTTPDATE + ")\\] \"(" + NOQUOTE + ")\" (" + INT + "|\\-) ("
                                      + INT + "|\\-)";
const std::string COMBINED_APACHE_LOG
    = COMMON_APACHE_LOG + " \"(" + NOQUOTE + ")\" \"(" + NOQUOTE + ")\"";
const std::string APACHE_ERROR_LOG = "^\\[(" + APACHEERRORLOGTIMESTAMP + ")\\] \\[(?:(" + WORD
                                     + "):)?(" + WORD + ")\\] \\[pid (" + NONNEGINT + ")(?::tid ("
                                     + NONNEGINT + "))?\\] \\[client (" + URIHOST + ")\\] ("
                                     + ANYDATA + ")";
const std::string SYSLOG_BASE = "^(" + SYSLOGTIMESTAMP + ") (?:" + SYSLOGFACILITY + " )?(" + USER
                                + ") " + SYSLOGPROG + ": (" + ANYDATA + ")";
const std::string RFC3339_SYSLOG_BASE = "^(" + RFC3339 + ") (?:" + SYSLOGFACILITY + " )?(" + USER
                                        + ") " + SYSLOGPROG + ": (" + ANYDATA + ")";

/// Java's String.trim(): every character up to U+0020 off both ends.
std::string javaTrim(const std::string &s)
{
    std::size_t b = 0, e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ')
        ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ')
        --e;
    return s.substr(b, e - b);
}

/// Java's String.split(regex): the pieces between matches, trailing empty pieces dropped, and no
/// empty first piece from a zero-width match at the start.
std::vector<QString> javaSplit(const QString &text, const QRegularExpression &re)
{
    std::vector<QString> out;
    qsizetype from = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        if (m.capturedLength() == 0 && m.capturedStart() == 0)
            continue;
        if (m.capturedLength() == 0 && m.capturedStart() >= text.size())
            break;
        out.push_back(text.mid(from, m.capturedStart() - from));
        from = m.capturedEnd();
    }
    out.push_back(text.mid(from));
    while (!out.empty() && out.back().isEmpty())
        out.pop_back();
    if (out.empty() && text.isEmpty())
        out.push_back(QString()); // "".split(x) is [""]
    return out;
}

void jsonString(std::string &out, const std::string &s)
{
    out += '"';
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04X", unsigned(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

std::string withoutNewline(std::string s)
{
    if (!s.empty() && s.back() == '\n')
        s.pop_back();
    return s;
}

} // namespace

std::string agentJson(const std::vector<std::pair<std::string, std::optional<std::string>>> &fields,
                      bool pretty)
{
    std::string out = "{";
    if (pretty && fields.empty())
        return "{ }";
    bool first = true;
    for (const auto &[name, value] : fields) {
        if (!first)
            out += ',';
        first = false;
        if (pretty)
            out += "\n  ";
        jsonString(out, name);
        out += pretty ? " : " : ":";
        if (value)
            jsonString(out, *value);
        else
            out += "null";
    }
    out += pretty ? "\n}" : "}";
    return out;
}

std::vector<std::string> AgentProcessor::logFields(AgentProcessing::LogFormat format)
{
    using L = AgentProcessing::LogFormat;
    const std::vector<std::string> common
        = {"host", "ident", "authuser", "datetime", "request", "response", "bytes"};
    switch (format) {
    case L::CommonApacheLog:
        return common;
    case L::CombinedApacheLog: {
        auto f = common;
        f.insert(f.end(), {"referer", "agent"});
        return f;
    }
    case L::ApacheErrorLog:
        return {"timestamp", "module", "severity", "processid", "threadid", "client", "message"};
    case L::SysLog:
    case L::Rfc3339SysLog:
        return {"timestamp", "hostname", "program", "processid", "message"};
    }
    return {};
}

std::string AgentProcessor::logFormatName(AgentProcessing::LogFormat format)
{
    using L = AgentProcessing::LogFormat;
    switch (format) {
    case L::CommonApacheLog:
        return "COMMONAPACHELOG";
    case L::CombinedApacheLog:
        return "COMBINEDAPACHELOG";
    case L::ApacheErrorLog:
        return "APACHEERRORLOG";
    case L::SysLog:
        return "SYSLOG";
    case L::Rfc3339SysLog:
        return "RFC3339SYSLOG";
    }
    return {};
}

std::string AgentProcessor::logPattern(AgentProcessing::LogFormat format)
{
    using L = AgentProcessing::LogFormat;
    switch (format) {
    case L::CommonApacheLog:
        return COMMON_APACHE_LOG + ".*";
    case L::CombinedApacheLog:
        return COMBINED_APACHE_LOG + ".*";
    case L::ApacheErrorLog:
        return APACHE_ERROR_LOG;
    case L::SysLog:
        return SYSLOG_BASE;
    case L::Rfc3339SysLog:
        return RFC3339_SYSLOG_BASE;
    }
    return {};
}

AgentProcessor::AgentProcessor(const std::vector<AgentProcessing> &options)
{
    for (const auto &o : options) {
        Step s{o, {}, {}};
        if (o.kind == AgentProcessing::Kind::CsvToJson) {
            s.pattern = QRegularExpression(QString::fromStdString(o.delimiter));
            s.fields = o.customFieldNames;
        } else if (o.kind == AgentProcessing::Kind::LogToJson) {
            // Matched as Java's matches(): the whole line.
            const std::string p = o.matchPattern ? *o.matchPattern : logPattern(o.logFormat);
            s.pattern = QRegularExpression(
                QRegularExpression::anchoredPattern(QString::fromStdString(p)));
            s.fields = o.hasCustomFieldNames ? o.customFieldNames : logFields(o.logFormat);
        }
        s.pattern.optimize();
        m_steps.push_back(std::move(s));
    }
}

std::optional<std::string> AgentProcessor::apply(std::string record) const
{
    using K = AgentProcessing::Kind;
    for (const Step &s : m_steps) {
        switch (s.option.kind) {
        case K::SingleLine: {
            std::vector<std::string> lines;
            std::size_t from = 0;
            while (from <= record.size()) {
                const std::size_t nl = record.find('\n', from);
                const std::size_t to = nl == std::string::npos ? record.size() : nl;
                lines.push_back(record.substr(from, to - from));
                if (nl == std::string::npos)
                    break;
                from = nl + 1;
            }
            while (!lines.empty() && lines.back().empty())
                lines.pop_back(); // Java's split drops trailing empty strings
            std::string joined;
            for (std::size_t i = 0; i < lines.size(); ++i) {
                if (i > 0 && s.option.escapeNewLine)
                    joined += "\\\\n";
                joined += s.option.noTrim ? lines[i] : javaTrim(lines[i]);
            }
            record = joined + '\n';
            break;
        }
        case K::CsvToJson: {
            const auto columns
                = javaSplit(QString::fromStdString(withoutNewline(std::move(record))), s.pattern);
            std::vector<std::pair<std::string, std::optional<std::string>>> fields;
            for (std::size_t i = 0; i < s.fields.size(); ++i)
                fields.emplace_back(s.fields[i], i < columns.size()
                                                     ? std::optional(columns[i].toStdString())
                                                     : std::nullopt);
            record = agentJson(fields, s.option.prettyPrint) + '\n';
            break;
        }
        case K::LogToJson: {
            const QString line = QString::fromStdString(withoutNewline(std::move(record)));
            const auto m = s.pattern.match(line);
            if (!m.hasMatch() || std::size_t(s.pattern.captureCount()) != s.fields.size())
                return std::nullopt; // the Agent skips a line it cannot parse
            // The Agent's Apache parser (with its pattern or matchPattern) reads "-" as null.
            const bool dashIsNull
                = s.option.logFormat != AgentProcessing::LogFormat::SysLog
                  && s.option.logFormat != AgentProcessing::LogFormat::Rfc3339SysLog;
            std::vector<std::pair<std::string, std::optional<std::string>>> fields;
            for (std::size_t i = 0; i < s.fields.size(); ++i) {
                const int g = int(i) + 1;
                std::optional<std::string> value;
                if (m.capturedStart(g) >= 0)
                    value = m.captured(g).toStdString();
                if (dashIsNull && value == "-")
                    value.reset();
                fields.emplace_back(s.fields[i], std::move(value));
            }
            record = agentJson(fields, s.option.prettyPrint) + '\n';
            break;
        }
        }
    }
    return record;
}

} // namespace shs::producer
