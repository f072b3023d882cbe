// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// writeLesson(): a Lesson as a lesson file, laid out as the built-in lessons are (members in the
// format's order, one action or check a line, narration one paragraph a line) so that a file the
// builder saves reads and diffs like a hand-written one. Fields at their defaults are left out.
#include "lesson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <QRegularExpression>

namespace shs::lesson {

namespace {

/// One JSON value, compact.
QString json(const QJsonValue &v)
{
    const QByteArray array = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString str(const QString &s)
{
    return json(QJsonValue(s));
}

QString str(const std::string &s)
{
    return str(QString::fromStdString(s));
}

QString num(double v)
{
    return json(QJsonValue(v));
}

/// `{"a": 1, "b": 2}` from members in order.
QString inlineObject(const QStringList &members)
{
    return QLatin1Char('{') + members.join(QStringLiteral(", ")) + QLatin1Char('}');
}

QString member(const char *name, const QString &value)
{
    return QLatin1Char('"') + QLatin1String(name) + QStringLiteral("\": ") + value;
}

QString shardRef(const ShardRef &r)
{
    if (!r.shardId.empty())
        return str(r.shardId);
    if (!r.ofKey.empty())
        return inlineObject({member("ofKey", str(r.ofKey))});
    return num(r.openIndex);
}

QString action(const Action &a)
{
    QStringList m{member("do", str(a.kindName()))};
    const bool named = a.kind != Action::Kind::StopGenerators && a.kind != Action::Kind::SetSpeed;
    if (named)
        m << member("stream", str(a.stream));
    switch (a.kind) {
    case Action::Kind::CreateStream:
        if (a.mode == "ON_DEMAND")
            m << member("mode", str(a.mode));
        else
            m << member("shards", num(a.shards));
        break;
    case Action::Kind::DeleteStream:
    case Action::Kind::StopGenerators:
        break;
    case Action::Kind::StartGenerator: {
        const Action defaults;
        m << member("rate", num(a.rate));
        if (a.keys != defaults.keys)
            m << member("keys", num(a.keys));
        if (a.distribution != defaults.distribution)
            m << member("distribution", str(a.distribution));
        if (a.recordBytes != defaults.recordBytes)
            m << member("recordBytes", num(a.recordBytes));
        if (a.retry)
            m << member("retry", QStringLiteral("true"));
        break;
    }
    case Action::Kind::SetSpeed:
        m << member("speed", num(a.speed));
        break;
    case Action::Kind::Split:
        m << member("shard", shardRef(a.shard));
        if (a.at != "middle")
            m << member("at", str(a.at));
        break;
    case Action::Kind::Merge:
        m << member("shard", shardRef(a.shard)) << member("with", shardRef(a.with));
        break;
    case Action::Kind::UpdateShardCount:
        m << member("target", num(a.target));
        break;
    case Action::Kind::SetCapacityMode:
        m << member("mode", str(a.mode));
        break;
    case Action::Kind::SetRetention:
        m << member("hours", num(a.hours));
        break;
    case Action::Kind::PutRecords:
        m << member("key", str(a.key));
        if (a.count != 1)
            m << member("count", num(a.count));
        if (a.data != "hello")
            m << member("data", str(a.data));
        break;
    }
    return inlineObject(m);
}

QString check(const Check &c)
{
    QStringList m{member("is", str(c.kindName())), member("stream", str(c.stream))};
    switch (c.kind) {
    case Check::Kind::StreamActive:
        break;
    case Check::Kind::OpenShards:
        if (c.min >= 0)
            m << member("min", num(c.min));
        if (c.max >= 0)
            m << member("max", num(c.max));
        break;
    case Check::Kind::ClosedShards:
    case Check::Kind::RetentionHours:
        m << member("min", num(c.min));
        break;
    case Check::Kind::RecordsInShard:
        m << member("shard", shardRef(c.shard));
        if (c.min != 1)
            m << member("min", num(c.min));
        if (c.seconds != 120)
            m << member("seconds", num(c.seconds));
        break;
    case Check::Kind::NoThrottling:
        m << member("seconds", num(c.seconds));
        if (c.minRate > 0)
            m << member("minRate", num(c.minRate));
        break;
    case Check::Kind::Throttled:
        if (c.seconds != 10)
            m << member("seconds", num(c.seconds));
        break;
    case Check::Kind::CapacityMode:
        m << member("mode", str(c.mode));
        break;
    }
    return inlineObject(m);
}

/// Rich text one paragraph a line: a string when it is one paragraph, else an array.
QString richText(const QString &text, const QString &indent)
{
    static const QRegularExpression paragraphEnd(QStringLiteral("(</p>|</ul>)\\s+(?=<)"));
    QStringList parts;
    qsizetype from = 0;
    auto it = paragraphEnd.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        parts << text.mid(from, m.capturedEnd(1) - from);
        from = m.capturedEnd(0);
    }
    parts << text.mid(from);
    if (parts.size() == 1)
        return str(text);
    // The reader joins an array's strings with a space, which is what separated them.
    QString out = QStringLiteral("[\n");
    for (int i = 0; i < parts.size(); ++i)
        out += indent + QStringLiteral("  ") + str(parts[i])
               + (i + 1 < parts.size() ? QStringLiteral(",\n") : QStringLiteral("\n"));
    return out + indent + QLatin1Char(']');
}

/// `"name": [` one item a line `]`.
QString list(const char *name, const QStringList &items, const QString &indent)
{
    QString out = indent + QLatin1Char('"') + QLatin1String(name) + QStringLiteral("\": [\n");
    for (int i = 0; i < items.size(); ++i)
        out += indent + QStringLiteral("  ") + items[i]
               + (i + 1 < items.size() ? QStringLiteral(",\n") : QStringLiteral("\n"));
    return out + indent + QLatin1Char(']');
}

QString step(const Step &s)
{
    const QString in = QStringLiteral("      ");
    QStringList m;
    m << in + member("title", str(s.title));
    m << in + member("narration", richText(s.narration, in));
    if (s.highlight) {
        QStringList h{member("view", str(s.highlight->view))};
        if (!s.highlight->shard.empty())
            h << member("shard", shardRef(s.highlight->shard));
        m << in + member("highlight", inlineObject(h));
    }
    if (!s.actions.empty()) {
        QStringList items;
        for (const auto &a : s.actions)
            items << action(a);
        m << list("actions", items, in);
    }
    const QString in2 = in + QStringLiteral("  ");
    if (s.goal) {
        QStringList g;
        g << in2 + member("text", str(s.goal->text));
        QStringList checks;
        for (const auto &c : s.goal->checks)
            checks << check(c);
        g << list("checks", checks, in2);
        if (!s.goal->hints.isEmpty()) {
            QStringList hints;
            for (const auto &h : s.goal->hints)
                hints << str(h);
            g << list("hints", hints, in2);
        }
        if (!s.goal->showMe.empty()) {
            QStringList items;
            for (const auto &a : s.goal->showMe)
                items << action(a);
            g << list("showMe", items, in2);
        }
        m << in + QStringLiteral("\"goal\": {\n") + g.join(QStringLiteral(",\n"))
                 + QLatin1Char('\n') + in + QLatin1Char('}');
    }
    if (s.question) {
        const auto &q = *s.question;
        QStringList choices;
        for (const auto &c : q.choices)
            choices << str(c);
        QStringList f;
        f << in2 + member("text", str(q.text));
        f << in2
                 + member("choices",
                          QLatin1Char('[') + choices.join(QStringLiteral(", ")) + QLatin1Char(']'));
        f << in2 + member("answer", num(q.answer));
        f << in2 + member("explanation", str(q.explanation));
        m << in + QStringLiteral("\"question\": {\n") + f.join(QStringLiteral(",\n"))
                 + QLatin1Char('\n') + in + QLatin1Char('}');
    }
    return QStringLiteral("    {\n") + m.join(QStringLiteral(",\n")) + QStringLiteral("\n    }");
}

} // namespace

QByteArray writeLesson(const Lesson &lesson)
{
    QStringList m;
    m << QStringLiteral("  ") + member("format", str(QString::fromLatin1(kFormatName)));
    m << QStringLiteral("  ") + member("version", num(kFormatVersion));
    m << QStringLiteral("  ") + member("id", str(lesson.id));
    m << QStringLiteral("  ") + member("title", str(lesson.title));
    m << QStringLiteral("  ") + member("summary", str(lesson.summary));
    m << QStringLiteral("  ") + member("minutes", num(lesson.minutes));
    QStringList steps;
    for (const auto &s : lesson.steps)
        steps << step(s);
    m << QStringLiteral("  \"steps\": [\n") + steps.join(QStringLiteral(",\n"))
             + QStringLiteral("\n  ]");
    return (QStringLiteral("{\n") + m.join(QStringLiteral(",\n")) + QStringLiteral("\n}\n"))
        .toUtf8();
}

} // namespace shs::lesson
