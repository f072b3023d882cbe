// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

namespace shs::lesson {

namespace {

/// The line of every value in a JSON text, by the path the parser names fields with. The text is
/// already known to be valid JSON (QJsonDocument parsed it), so the scan can be simple.
class LineIndex
{
  public:
    explicit LineIndex(const QByteArray &text) : m_text(text) { value(QString()); }
    int lineOf(const QString &path) const
    {
        // A missing field is reported at its object's line.
        QString p = path;
        while (true) {
            auto it = m_lines.find(p);
            if (it != m_lines.end())
                return it->second;
            const auto cut
                = std::max(p.lastIndexOf(QLatin1Char('.')), p.lastIndexOf(QLatin1Char('[')));
            if (cut <= 0)
                return 1;
            p.truncate(cut);
        }
    }

  private:
    void ws()
    {
        while (m_pos < m_text.size()
               && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n'
                   || m_text[m_pos] == '\r')) {
            if (m_text[m_pos] == '\n')
                ++m_line;
            ++m_pos;
        }
    }
    QString string()
    {
        QByteArray out;
        ++m_pos; // "
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\')
                ++m_pos;
            if (m_pos < m_text.size())
                out += m_text[m_pos];
            ++m_pos;
        }
        ++m_pos;
        return QString::fromUtf8(out);
    }
    void value(const QString &path)
    {
        ws();
        if (m_pos >= m_text.size())
            return;
        m_lines.emplace(path, m_line);
        const char c = m_text[m_pos];
        if (c == '{') {
            ++m_pos;
            ws();
            while (m_pos < m_text.size() && m_text[m_pos] != '}') {
                const QString key = string();
                ws();
                ++m_pos; // :
                value(path.isEmpty() ? key : path + QLatin1Char('.') + key);
                ws();
                if (m_pos < m_text.size() && m_text[m_pos] == ',')
                    ++m_pos;
                ws();
            }
            ++m_pos;
        } else if (c == '[') {
            ++m_pos;
            ws();
            int i = 0;
            while (m_pos < m_text.size() && m_text[m_pos] != ']') {
                value(QStringLiteral("%1[%2]").arg(path).arg(i++));
                ws();
                if (m_pos < m_text.size() && m_text[m_pos] == ',')
                    ++m_pos;
                ws();
            }
            ++m_pos;
        } else if (c == '"') {
            string();
        } else {
            while (m_pos < m_text.size() && !QByteArrayView(",}] \t\r\n").contains(m_text[m_pos]))
                ++m_pos;
        }
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    int m_line = 1;
    std::map<QString, int> m_lines;
};

QString join(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

/// Reads one JSON object's fields, recording an error (with the line) for each problem.
class Fields
{
  public:
    Fields(const QJsonObject &object, QString path, const LineIndex &lines,
           std::vector<LessonError> &errors)
        : m_object(object), m_path(std::move(path)), m_lines(lines), m_errors(errors)
    {}

    QString at(const QString &key) const
    {
        return m_path.isEmpty() ? key : m_path + QLatin1Char('.') + key;
    }
    int line(const QString &key = {}) const
    {
        return m_lines.lineOf(key.isEmpty() ? m_path : at(key));
    }
    void error(const QString &key, const QString &message) const
    {
        m_errors.push_back({line(key), key.isEmpty() ? m_path : at(key), message});
    }
    bool has(const QString &key) const { return m_object.contains(key); }

    /// Every field must be one of `known`.
    void only(const QStringList &known) const
    {
        for (const auto &key : m_object.keys())
            if (!known.contains(key))
                error(key, QStringLiteral("unknown field \"%1\" (this object takes: %2)")
                               .arg(key, join(known)));
    }
    QString text(const QString &key, bool required, QString fallback = {}) const
    {
        if (!has(key)) {
            if (required)
                error(key, QStringLiteral("is required"));
            return fallback;
        }
        const auto v = m_object.value(key);
        if (!v.isString()) {
            error(key, QStringLiteral("must be a string"));
            return fallback;
        }
        if (required && v.toString().trimmed().isEmpty())
            error(key, QStringLiteral("must not be empty"));
        return v.toString();
    }
    /// A string, or an array of strings joined (long narration reads better as lines).
    QString richText(const QString &key, bool required) const
    {
        const auto v = m_object.value(key);
        if (v.isArray()) {
            QStringList parts;
            for (const auto &p : v.toArray()) {
                if (!p.isString()) {
                    error(key, QStringLiteral("must be a string or an array of strings"));
                    return {};
                }
                parts << p.toString();
            }
            return parts.join(QLatin1Char(' '));
        }
        return text(key, required);
    }
    double number(const QString &key, bool required, double fallback, double min, double max) const
    {
        if (!has(key)) {
            if (required)
                error(key, QStringLiteral("is required"));
            return fallback;
        }
        const auto v = m_object.value(key);
        if (!v.isDouble()) {
            error(key, QStringLiteral("must be a number"));
            return fallback;
        }
        const double d = v.toDouble();
        if (d < min || d > max) {
            error(key, QStringLiteral("must be between %1 and %2 (it is %3)")
                           .arg(min, 0, 'g', 12)
                           .arg(max, 0, 'g', 12)
                           .arg(d, 0, 'g', 12));
            return fallback;
        }
        return d;
    }
    int integer(const QString &key, bool required, int fallback, int min, int max) const
    {
        if (has(key) && m_object.value(key).isDouble()) {
            const double d = m_object.value(key).toDouble();
            if (d != static_cast<double>(static_cast<long long>(d))) {
                error(key, QStringLiteral("must be a whole number"));
                return fallback;
            }
        }
        return static_cast<int>(number(key, required, fallback, min, max));
    }
    bool boolean(const QString &key, bool fallback) const
    {
        if (!has(key))
            return fallback;
        if (!m_object.value(key).isBool()) {
            error(key, QStringLiteral("must be true or false"));
            return fallback;
        }
        return m_object.value(key).toBool();
    }
    QString choice(const QString &key, bool required, const QStringList &allowed,
                   QString fallback = {}) const
    {
        const QString v = text(key, required, fallback);
        if (has(key) && !v.isEmpty() && !allowed.contains(v)) {
            error(key, QStringLiteral("\"%1\" is not one of: %2").arg(v, join(allowed)));
            return fallback;
        }
        return v;
    }
    ShardRef shard(const QString &key, bool required) const
    {
        ShardRef ref;
        if (!has(key)) {
            if (required)
                error(key, QStringLiteral("is required: a shard id, an open shard's place "
                                          "(0 = lowest hash keys) or {\"ofKey\": \"…\"}"));
            return ref;
        }
        const auto v = m_object.value(key);
        if (v.isDouble()) {
            ref.openIndex = integer(key, true, 0, 0, 9999);
        } else if (v.isString() && v.toString().startsWith(QLatin1String("shardId-"))) {
            ref.shardId = v.toString().toStdString();
        } else if (v.isObject() && v.toObject().value(QLatin1String("ofKey")).isString()
                   && v.toObject().size() == 1) {
            ref.ofKey = v.toObject().value(QLatin1String("ofKey")).toString().toStdString();
            if (ref.ofKey.empty())
                error(key, QStringLiteral("ofKey must not be empty"));
        } else {
            error(key, QStringLiteral("must be a shard id (\"shardId-000000000000\"), an open "
                                      "shard's place (0 = lowest hash keys) or "
                                      "{\"ofKey\": \"partition key\"}"));
        }
        return ref;
    }
    QJsonArray array(const QString &key, bool required) const
    {
        if (!has(key)) {
            if (required)
                error(key, QStringLiteral("is required"));
            return {};
        }
        if (!m_object.value(key).isArray()) {
            error(key, QStringLiteral("must be an array"));
            return {};
        }
        return m_object.value(key).toArray();
    }
    std::optional<QJsonObject> object(const QString &key) const
    {
        if (!has(key))
            return std::nullopt;
        if (!m_object.value(key).isObject()) {
            error(key, QStringLiteral("must be an object"));
            return std::nullopt;
        }
        return m_object.value(key).toObject();
    }

  private:
    const QJsonObject &m_object;
    QString m_path;
    const LineIndex &m_lines;
    std::vector<LessonError> &m_errors;
};

class Parser
{
  public:
    Parser(const LineIndex &lines, std::vector<LessonError> &errors)
        : m_lines(lines), m_errors(errors)
    {}

    Fields fields(const QJsonValue &v, const QString &path) const
    {
        if (!v.isObject())
            m_errors.push_back({m_lines.lineOf(path), path, QStringLiteral("must be an object")});
        m_scratch.push_back(v.toObject());
        return Fields(m_scratch.back(), path, m_lines, m_errors);
    }

    Action action(const QJsonValue &v, const QString &path) const
    {
        Action a;
        const Fields f = fields(v, path);
        a.line = f.line();
        a.path = path;
        const QString kind = f.choice(QStringLiteral("do"), true, Action::kindNames());
        a.kind
            = static_cast<Action::Kind>(std::max<qsizetype>(0, Action::kindNames().indexOf(kind)));
        QStringList known{QStringLiteral("do")};
        auto stream = [&] {
            known << QStringLiteral("stream");
            a.stream = f.text(QStringLiteral("stream"), true).toStdString();
        };
        switch (a.kind) {
        case Action::Kind::CreateStream:
            stream();
            known << QStringLiteral("shards") << QStringLiteral("mode");
            a.mode = f.choice(QStringLiteral("mode"), false, modes(), QStringLiteral("PROVISIONED"))
                         .toStdString();
            a.shards = f.integer(QStringLiteral("shards"), a.mode == "PROVISIONED", 1, 1, 64);
            break;
        case Action::Kind::DeleteStream:
            stream();
            break;
        case Action::Kind::StartGenerator:
            stream();
            known << QStringLiteral("rate") << QStringLiteral("keys")
                  << QStringLiteral("distribution") << QStringLiteral("recordBytes")
                  << QStringLiteral("retry");
            a.rate = f.number(QStringLiteral("rate"), true, 100, 0.1, 100000);
            a.keys = f.integer(QStringLiteral("keys"), false, 100, 1, 1000000);
            a.distribution = f.choice(QStringLiteral("distribution"), false,
                                      {QStringLiteral("uniform"), QStringLiteral("zipf"),
                                       QStringLiteral("hotkey"), QStringLiteral("sequential")},
                                      QStringLiteral("uniform"))
                                 .toStdString();
            a.recordBytes = f.integer(QStringLiteral("recordBytes"), false, 200, 1, 1048576);
            a.retry = f.boolean(QStringLiteral("retry"), false);
            break;
        case Action::Kind::StopGenerators:
            break;
        case Action::Kind::SetSpeed:
            known << QStringLiteral("speed");
            a.speed = f.number(QStringLiteral("speed"), true, 1, 0, 3600);
            break;
        case Action::Kind::Split:
            stream();
            known << QStringLiteral("shard") << QStringLiteral("at");
            a.shard = f.shard(QStringLiteral("shard"), true);
            a.at = f.text(QStringLiteral("at"), false, QStringLiteral("middle")).toStdString();
            if (a.at != "middle" && !std::all_of(a.at.begin(), a.at.end(), [](char c) {
                    return c >= '0' && c <= '9';
                }))
                f.error(QStringLiteral("at"),
                        QStringLiteral("must be \"middle\" or a decimal hash key"));
            break;
        case Action::Kind::Merge:
            stream();
            known << QStringLiteral("shard") << QStringLiteral("with");
            a.shard = f.shard(QStringLiteral("shard"), true);
            a.with = f.shard(QStringLiteral("with"), true);
            break;
        case Action::Kind::UpdateShardCount:
            stream();
            known << QStringLiteral("target");
            a.target = f.integer(QStringLiteral("target"), true, 1, 1, 10000);
            break;
        case Action::Kind::SetCapacityMode:
            stream();
            known << QStringLiteral("mode");
            a.mode = f.choice(QStringLiteral("mode"), true, modes()).toStdString();
            break;
        case Action::Kind::SetRetention:
            stream();
            known << QStringLiteral("hours");
            a.hours = f.integer(QStringLiteral("hours"), true, 24, 24, 8760);
            break;
        case Action::Kind::PutRecords:
            stream();
            known << QStringLiteral("key") << QStringLiteral("count") << QStringLiteral("data");
            a.key = f.text(QStringLiteral("key"), true).toStdString();
            a.count = f.integer(QStringLiteral("count"), false, 1, 1, 500);
            a.data = f.text(QStringLiteral("data"), false, QStringLiteral("hello")).toStdString();
            break;
        }
        if (!kind.isEmpty())
            f.only(known);
        return a;
    }

    std::vector<Action> actions(const Fields &f, const QString &key) const
    {
        std::vector<Action> out;
        const auto list = f.array(key, false);
        for (int i = 0; i < list.size(); ++i)
            out.push_back(action(list[i], QStringLiteral("%1[%2]").arg(f.at(key)).arg(i)));
        return out;
    }

    Check check(const QJsonValue &v, const QString &path) const
    {
        Check c;
        const Fields f = fields(v, path);
        c.line = f.line();
        c.path = path;
        const QString kind = f.choice(QStringLiteral("is"), true, Check::kindNames());
        c.kind = static_cast<Check::Kind>(std::max<qsizetype>(0, Check::kindNames().indexOf(kind)));
        QStringList known{QStringLiteral("is"), QStringLiteral("stream")};
        c.stream = f.text(QStringLiteral("stream"), true).toStdString();
        switch (c.kind) {
        case Check::Kind::StreamActive:
            break;
        case Check::Kind::OpenShards:
            known << QStringLiteral("min") << QStringLiteral("max");
            c.min = f.integer(QStringLiteral("min"), false, -1, 1, 10000);
            c.max = f.integer(QStringLiteral("max"), false, -1, 1, 10000);
            if (c.min < 0 && c.max < 0)
                f.error({}, QStringLiteral("openShards needs min, max or both"));
            break;
        case Check::Kind::ClosedShards:
            known << QStringLiteral("min");
            c.min = f.integer(QStringLiteral("min"), true, 1, 1, 10000);
            break;
        case Check::Kind::RecordsInShard:
            known << QStringLiteral("shard") << QStringLiteral("min") << QStringLiteral("seconds");
            c.shard = f.shard(QStringLiteral("shard"), true);
            c.min = f.integer(QStringLiteral("min"), false, 1, 1, 100000000);
            c.seconds = f.integer(QStringLiteral("seconds"), false, 120, 1, 180);
            break;
        case Check::Kind::NoThrottling:
            known << QStringLiteral("seconds") << QStringLiteral("minRate");
            c.seconds = f.integer(QStringLiteral("seconds"), true, 10, 1, 120);
            c.minRate = f.number(QStringLiteral("minRate"), false, 0, 0, 1000000);
            break;
        case Check::Kind::Throttled:
            known << QStringLiteral("seconds");
            c.seconds = f.integer(QStringLiteral("seconds"), false, 10, 1, 120);
            break;
        case Check::Kind::CapacityMode:
            known << QStringLiteral("mode");
            c.mode = f.choice(QStringLiteral("mode"), true, modes()).toStdString();
            break;
        case Check::Kind::RetentionHours:
            known << QStringLiteral("min");
            c.min = f.integer(QStringLiteral("min"), true, 24, 24, 8760);
            break;
        }
        if (!kind.isEmpty())
            f.only(known);
        return c;
    }

    Goal goal(const QJsonValue &v, const QString &path) const
    {
        Goal g;
        const Fields f = fields(v, path);
        f.only({QStringLiteral("text"), QStringLiteral("checks"), QStringLiteral("hints"),
                QStringLiteral("showMe")});
        g.text = f.richText(QStringLiteral("text"), true);
        const auto checks = f.array(QStringLiteral("checks"), true);
        if (f.has(QStringLiteral("checks")) && checks.isEmpty())
            f.error(QStringLiteral("checks"), QStringLiteral("needs at least one check"));
        for (int i = 0; i < checks.size(); ++i)
            g.checks.push_back(check(
                checks[i], QStringLiteral("%1[%2]").arg(f.at(QStringLiteral("checks"))).arg(i)));
        const auto hints = f.array(QStringLiteral("hints"), false);
        for (int i = 0; i < hints.size(); ++i) {
            if (!hints[i].isString())
                m_errors.push_back({m_lines.lineOf(QStringLiteral("%1.hints[%2]").arg(path).arg(i)),
                                    QStringLiteral("%1.hints[%2]").arg(path).arg(i),
                                    QStringLiteral("must be a string")});
            g.hints << hints[i].toString();
        }
        // No "show me": the goal is reached by waiting (the lesson's own actions get there).
        g.showMe = actions(f, QStringLiteral("showMe"));
        return g;
    }

    Question question(const QJsonValue &v, const QString &path) const
    {
        Question q;
        const Fields f = fields(v, path);
        f.only({QStringLiteral("text"), QStringLiteral("choices"), QStringLiteral("answer"),
                QStringLiteral("explanation")});
        q.text = f.richText(QStringLiteral("text"), true);
        const auto choices = f.array(QStringLiteral("choices"), true);
        for (const auto &c : choices)
            q.choices << c.toString();
        if (f.has(QStringLiteral("choices")) && (q.choices.size() < 2 || q.choices.size() > 6))
            f.error(QStringLiteral("choices"), QStringLiteral("needs 2 to 6 choices"));
        if (q.choices.contains(QString()))
            f.error(QStringLiteral("choices"), QStringLiteral("must be non-empty strings"));
        q.answer = f.integer(QStringLiteral("answer"), true, 0, 0,
                             std::max<int>(0, static_cast<int>(q.choices.size()) - 1));
        q.explanation = f.richText(QStringLiteral("explanation"), true);
        return q;
    }

    Highlight highlight(const QJsonValue &v, const QString &path) const
    {
        Highlight h;
        const Fields f = fields(v, path);
        f.only({QStringLiteral("view"), QStringLiteral("shard")});
        h.view = f.choice(QStringLiteral("view"), true, Highlight::viewNames()).toStdString();
        h.shard = f.shard(QStringLiteral("shard"), false);
        if (!h.shard.empty() && h.view != "bar" && h.view != "lineage")
            f.error(QStringLiteral("shard"),
                    QStringLiteral("only the \"bar\" and \"lineage\" views highlight a shard"));
        return h;
    }

    Step step(const QJsonValue &v, const QString &path) const
    {
        Step s;
        const Fields f = fields(v, path);
        s.line = f.line();
        f.only({QStringLiteral("title"), QStringLiteral("narration"), QStringLiteral("highlight"),
                QStringLiteral("actions"), QStringLiteral("goal"), QStringLiteral("question")});
        s.title = f.text(QStringLiteral("title"), true);
        s.narration = f.richText(QStringLiteral("narration"), true);
        if (auto h = f.object(QStringLiteral("highlight")))
            s.highlight = highlight(*h, f.at(QStringLiteral("highlight")));
        s.actions = actions(f, QStringLiteral("actions"));
        if (auto g = f.object(QStringLiteral("goal")))
            s.goal = goal(*g, f.at(QStringLiteral("goal")));
        if (auto q = f.object(QStringLiteral("question")))
            s.question = question(*q, f.at(QStringLiteral("question")));
        return s;
    }

    static const QStringList &modes()
    {
        static const QStringList m{QStringLiteral("PROVISIONED"), QStringLiteral("ON_DEMAND")};
        return m;
    }

  private:
    const LineIndex &m_lines;
    std::vector<LessonError> &m_errors;
    mutable std::deque<QJsonObject> m_scratch; // Fields keep a reference
};

int lineAtOffset(const QByteArray &text, qsizetype offset)
{
    return 1 + static_cast<int>(text.left(offset).count('\n'));
}

/// Every action and check names a stream that an earlier action (or one of the same step before
/// it, or a "show me" of an earlier step) creates: a typo in a stream name is found by `lesson
/// check`, not by a learner who waits for a goal that can never be reached.
void checkStreamsExist(ParsedLesson &out)
{
    std::set<std::string> created;
    auto see = [&](const Action &a) {
        if (a.kind == Action::Kind::CreateStream) {
            created.insert(a.stream);
            return;
        }
        if (a.kind == Action::Kind::StopGenerators || a.kind == Action::Kind::SetSpeed
            || a.stream.empty())
            return;
        if (!created.count(a.stream))
            out.errors.push_back({a.line, a.path + QStringLiteral(".stream"),
                                  QStringLiteral("no earlier action creates a stream named \"%1\"")
                                      .arg(QString::fromStdString(a.stream))});
        if (a.kind == Action::Kind::DeleteStream)
            created.erase(a.stream);
    };
    for (const auto &step : out.lesson.steps) {
        for (const auto &a : step.actions)
            see(a);
        if (!step.goal)
            continue;
        // The goal may be to create the stream: its "show me" does, so it comes first.
        for (const auto &a : step.goal->showMe)
            see(a);
        for (const auto &c : step.goal->checks)
            if (!c.stream.empty() && !created.count(c.stream))
                out.errors.push_back(
                    {c.line, c.path + QStringLiteral(".stream"),
                     QStringLiteral("no earlier action creates a stream named \"%1\"")
                         .arg(QString::fromStdString(c.stream))});
    }
}

} // namespace

std::string ShardRef::describe() const
{
    if (!shardId.empty())
        return shardId;
    if (!ofKey.empty())
        return "the shard of key \"" + ofKey + "\"";
    return "open shard #" + std::to_string(openIndex);
}

const QStringList &Action::kindNames()
{
    static const QStringList names{
        QStringLiteral("createStream"),    QStringLiteral("deleteStream"),
        QStringLiteral("startGenerator"),  QStringLiteral("stopGenerators"),
        QStringLiteral("setSpeed"),        QStringLiteral("split"),
        QStringLiteral("merge"),           QStringLiteral("updateShardCount"),
        QStringLiteral("setCapacityMode"), QStringLiteral("setRetention"),
        QStringLiteral("putRecords")};
    return names;
}

QString Action::kindName() const
{
    return kindNames().value(static_cast<int>(kind));
}

QString Action::describe() const
{
    const QString s = QString::fromStdString(stream);
    switch (kind) {
    case Kind::CreateStream:
        return mode == "ON_DEMAND"
                   ? QStringLiteral("Create the on-demand stream %1").arg(s)
                   : QStringLiteral("Create the stream %1 with %2 shard(s)").arg(s).arg(shards);
    case Kind::DeleteStream:
        return QStringLiteral("Delete the stream %1").arg(s);
    case Kind::StartGenerator:
        return QStringLiteral("Write %1 records/s of %2 bytes to %3 (%4 keys, %5)")
            .arg(rate)
            .arg(recordBytes)
            .arg(s)
            .arg(keys)
            .arg(QString::fromStdString(distribution));
    case Kind::StopGenerators:
        return QStringLiteral("Stop the lesson's generators");
    case Kind::SetSpeed:
        return speed == 0 ? QStringLiteral("Pause engine time")
                          : QStringLiteral("Run engine time at %1×").arg(speed);
    case Kind::Split:
        return QStringLiteral("Split %1 of %2 %3")
            .arg(QString::fromStdString(shard.describe()), s,
                 at == "middle" ? QStringLiteral("in the middle")
                                : QStringLiteral("at %1").arg(QString::fromStdString(at)));
    case Kind::Merge:
        return QStringLiteral("Merge %1 of %2 with %3")
            .arg(QString::fromStdString(shard.describe()), s,
                 QString::fromStdString(with.describe()));
    case Kind::UpdateShardCount:
        return QStringLiteral("Update the shard count of %1 to %2").arg(s).arg(target);
    case Kind::SetCapacityMode:
        return QStringLiteral("Switch %1 to %2").arg(s, QString::fromStdString(mode));
    case Kind::SetRetention:
        return QStringLiteral("Set the retention of %1 to %2 hours").arg(s).arg(hours);
    case Kind::PutRecords:
        return QStringLiteral("Put %1 record(s) with key \"%2\" to %3")
            .arg(count)
            .arg(QString::fromStdString(key), s);
    }
    return {};
}

const QStringList &Check::kindNames()
{
    static const QStringList names{
        QStringLiteral("streamActive"), QStringLiteral("openShards"),
        QStringLiteral("closedShards"), QStringLiteral("recordsInShard"),
        QStringLiteral("noThrottling"), QStringLiteral("throttled"),
        QStringLiteral("capacityMode"), QStringLiteral("retentionHours")};
    return names;
}

QString Check::kindName() const
{
    return kindNames().value(static_cast<int>(kind));
}

QString Check::describe() const
{
    const QString s = QString::fromStdString(stream);
    switch (kind) {
    case Kind::StreamActive:
        return QStringLiteral("%1 is ACTIVE").arg(s);
    case Kind::OpenShards:
        if (min >= 0 && max >= 0)
            return min == max
                       ? QStringLiteral("%1 has %2 open shard(s)").arg(s).arg(min)
                       : QStringLiteral("%1 has %2 to %3 open shards").arg(s).arg(min).arg(max);
        return min >= 0 ? QStringLiteral("%1 has at least %2 open shard(s)").arg(s).arg(min)
                        : QStringLiteral("%1 has at most %2 open shard(s)").arg(s).arg(max);
    case Kind::ClosedShards:
        return QStringLiteral("%1 has at least %2 closed (parent) shard(s)").arg(s).arg(min);
    case Kind::RecordsInShard:
        return QStringLiteral("at least %1 record(s) reached %2 of %3")
            .arg(min)
            .arg(QString::fromStdString(shard.describe()), s);
    case Kind::NoThrottling:
        return minRate > 0 ? QStringLiteral("%1 takes at least %2 records/s with no write "
                                            "throttled for %3 engine seconds")
                                 .arg(s)
                                 .arg(minRate)
                                 .arg(seconds)
                           : QStringLiteral("no write to %1 throttled for %2 engine seconds")
                                 .arg(s)
                                 .arg(seconds);
    case Kind::Throttled:
        return QStringLiteral("a write to %1 was throttled in the last %2 engine seconds")
            .arg(s)
            .arg(seconds);
    case Kind::CapacityMode:
        return QStringLiteral("%1 is in %2 mode").arg(s, QString::fromStdString(mode));
    case Kind::RetentionHours:
        return QStringLiteral("%1 keeps records at least %2 hours").arg(s).arg(min);
    }
    return {};
}

const QStringList &Highlight::viewNames()
{
    static const QStringList names{
        QStringLiteral("streamList"), QStringLiteral("bar"),        QStringLiteral("routing"),
        QStringLiteral("shards"),     QStringLiteral("lineage"),    QStringLiteral("publish"),
        QStringLiteral("consume"),    QStringLiteral("throughput"), QStringLiteral("heatmap"),
        QStringLiteral("consumers"),  QStringLiteral("speed")};
    return names;
}

QString LessonError::format(const QString &fileName) const
{
    return field.isEmpty()
               ? QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(message)
               : QStringLiteral("%1:%2: %3: %4").arg(fileName).arg(line).arg(field, message);
}

ParsedLesson parseLesson(const QByteArray &json)
{
    ParsedLesson out;
    QJsonParseError parseError;
    const auto doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.errors.push_back({lineAtOffset(json, parseError.offset),
                              {},
                              QStringLiteral("not valid JSON: %1").arg(parseError.errorString())});
        return out;
    }
    if (!doc.isObject()) {
        out.errors.push_back({1, {}, QStringLiteral("a lesson file is one JSON object")});
        return out;
    }
    const LineIndex lines(json);
    const Parser parser(lines, out.errors);
    const QJsonObject root = doc.object();
    const Fields f(root, {}, lines, out.errors);
    f.only({QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("id"),
            QStringLiteral("title"), QStringLiteral("summary"), QStringLiteral("minutes"),
            QStringLiteral("steps")});
    const QString format = f.text(QStringLiteral("format"), true);
    if (f.has(QStringLiteral("format")) && format != QLatin1String(kFormatName))
        f.error(QStringLiteral("format"),
                QStringLiteral("must be \"%1\" (this is not a lesson file)")
                    .arg(QLatin1String(kFormatName)));
    if (f.has(QStringLiteral("version")) && root.value(QLatin1String("version")).isDouble()
        && root.value(QLatin1String("version")).toDouble() > kFormatVersion)
        f.error(QStringLiteral("version"),
                QStringLiteral("version %1 is newer than this Shardscope reads (%2): update "
                               "Shardscope to open this lesson")
                    .arg(root.value(QLatin1String("version")).toDouble())
                    .arg(kFormatVersion));
    else
        f.integer(QStringLiteral("version"), true, 1, 1, kFormatVersion);
    out.lesson.id = f.text(QStringLiteral("id"), true);
    for (const QChar c : out.lesson.id)
        if (!(c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_'))) {
            f.error(QStringLiteral("id"),
                    QStringLiteral("may hold only letters, digits, - and _ (it names the "
                                   "learner's progress)"));
            break;
        }
    out.lesson.title = f.text(QStringLiteral("title"), true);
    out.lesson.summary = f.richText(QStringLiteral("summary"), false);
    out.lesson.minutes = f.integer(QStringLiteral("minutes"), false, 10, 1, 600);
    const auto steps = f.array(QStringLiteral("steps"), true);
    if (f.has(QStringLiteral("steps")) && steps.isEmpty())
        f.error(QStringLiteral("steps"), QStringLiteral("needs at least one step"));
    for (int i = 0; i < steps.size(); ++i)
        out.lesson.steps.push_back(parser.step(steps[i], QStringLiteral("steps[%1]").arg(i)));
    checkStreamsExist(out);
    std::stable_sort(out.errors.begin(), out.errors.end(),
                     [](const LessonError &a, const LessonError &b) { return a.line < b.line; });
    return out;
}

ParsedLesson readLessonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ParsedLesson out;
        out.errors.push_back({0, {}, QStringLiteral("cannot read: %1").arg(file.errorString())});
        return out;
    }
    return parseLesson(file.readAll());
}

} // namespace shs::lesson
