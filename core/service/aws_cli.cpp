// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "aws_cli.h"

#include "engine/catalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QByteArray>
#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>
#include <QTimeZone>

#include <utility>
#include <vector>

namespace shs::awscli {

using namespace shs::core;

QString quote(const QString &arg)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (safe.match(arg).hasMatch())
        return arg;
    QString out = arg;
    out.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

namespace {
QStringList &globalTarget()
{
    static QStringList options;
    return options;
}

} // namespace

void setTarget(const QStringList &globalOptions)
{
    globalTarget() = globalOptions;
}

QStringList target()
{
    return globalTarget();
}

namespace {

template <class F> struct Unwrapped
{
    using type = F;
};
template <class F> struct Unwrapped<std::optional<F>>
{
    using type = F;
};

/// Renders members of a request as AWS CLI options (`--stream-name clicks`), in the model's
/// order, named as the AWS CLI names them.
class Options
{
  public:
    explicit Options(bool dataIsText) : m_text(dataIsText) {}

    template <class T> void members(const T &value)
    {
        shape::forEachMember<T>([&](const auto &m) {
            using Field = typename std::decay_t<decltype(m)>::FieldType;
            const Field &field = value.*(m.field);
            if constexpr (shape::Structure<Field>) {
                if (m.name.empty()) { // inlined: StreamName, StreamARN
                    members(field);
                    return;
                }
                structure(m.name, field); // --starting-position Type=…,SequenceNumber=…
                return;
            }
            if (!shape::present(m, value))
                return;
            using Scalar = typename Unwrapped<Field>::type;
            if constexpr (
                std::is_enum_v<
                    Scalar> || std::is_arithmetic_v<Scalar> || std::is_same_v<Scalar, std::string> || std::is_same_v<Scalar, HashKey>) {
                const auto dot = m.name.find('.');
                if (dot != std::string_view::npos) { // a wire structure's member: shorthand
                    if constexpr (shape::IsOptional<Field>::value)
                        shorthand(m.name, dot, *field); // present: it has a value
                    else
                        shorthand(m.name, dot, field);
                    return;
                }
            }
            option(m.name, field, m.flags);
        });
    }

    /// Each option with its values, in order.
    std::vector<std::pair<QString, QStringList>> take()
    {
        if (m_rawData)
            m_args.push_back(
                {QStringLiteral("--cli-binary-format"), {QStringLiteral("raw-in-base64-out")}});
        return std::move(m_args);
    }

  private:
    static QString name(std::string_view wire)
    {
        return QStringLiteral("--") + QString::fromStdString(core::ops::cliName(wire));
    }

    template <class F> void shorthand(std::string_view member, std::size_t dot, const F &v)
    {
        const QString part
            = QString::fromLatin1(member.data() + dot + 1, qsizetype(member.size() - dot - 1))
              + QLatin1Char('=') + scalar(v);
        const QString option = name(member.substr(0, dot));
        if (m_group == option) {
            m_args.back().second.last() += QLatin1Char(',') + part;
            return;
        }
        m_group = option;
        m_args.push_back({option, {part}});
    }

    /// A wire structure of scalars in the CLI's shorthand, one option.
    template <class S> void structure(std::string_view wire, const S &value)
    {
        QStringList parts;
        shape::forEachMember<S>([&](const auto &m) {
            using Field = typename std::decay_t<decltype(m)>::FieldType;
            if constexpr (!shape::Structure<Field> && !shape::IsVector<Field>::value) {
                if (!shape::present(m, value))
                    return;
                const Field &field = value.*(m.field);
                const auto &v = [&]() -> const auto &
                {
                    if constexpr (shape::IsOptional<Field>::value)
                        return *field;
                    else
                        return field;
                }
                ();
                using Scalar = std::decay_t<decltype(v)>;
                QString text;
                if constexpr (std::is_integral_v<Scalar>)
                    text = (m.flags & shape::Timestamp) ? timestamp(v) : scalar(v);
                else
                    text = scalar(v);
                parts << QString::fromLatin1(m.name.data(), qsizetype(m.name.size()))
                             + QLatin1Char('=') + text;
            }
        });
        m_group.clear();
        m_args.push_back({name(wire), {parts.join(QLatin1Char(','))}});
    }

    static QString timestamp(std::int64_t ms)
    {
        return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
            .toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'"));
    }

    template <class F> static QString scalar(const F &v)
    {
        if constexpr (std::is_enum_v<F>)
            return QLatin1String(shape::nameOf(v).data());
        else if constexpr (std::is_same_v<F, std::string>)
            return QString::fromStdString(v);
        else if constexpr (std::is_same_v<F, HashKey>)
            return QString::fromStdString(v.toDecimal());
        else if constexpr (std::is_arithmetic_v<F>)
            return QString::number(v);
        else
            static_assert(sizeof(F) == 0, "wire structures' members are scalars");
    }

    template <class F> void option(std::string_view wire, const F &v, unsigned flags)
    {
        m_group.clear();
        if constexpr (shape::IsOptional<F>::value) {
            if (v)
                option(wire, *v, flags);
        } else if constexpr (std::is_same_v<F, bool>) {
            if (v)
                m_args.push_back({name(wire), {}});
        } else if constexpr (std::is_same_v<F, std::string>) {
            if (flags & shape::Blob) {
                m_rawData = m_text;
                m_args.push_back(
                    {name(wire),
                     {m_text ? QString::fromStdString(v)
                             : QString::fromLatin1(QByteArray::fromStdString(v).toBase64())}});
            } else {
                m_args.push_back({name(wire), {QString::fromStdString(v)}});
            }
        } else if constexpr (std::is_integral_v<F>) {
            m_args.push_back(
                {name(wire), {(flags & shape::Timestamp) ? timestamp(v) : QString::number(v)}});
        } else if constexpr (std::is_enum_v<F>) {
            m_args.push_back({name(wire), {scalar(v)}});
        } else if constexpr (shape::IsVector<F>::value) {
            if constexpr (std::is_same_v<typename F::value_type, std::string>) {
                QStringList values;
                for (const auto &e : v)
                    values << QString::fromStdString(e);
                m_args.push_back({name(wire), values});
            } else if constexpr (shape::Structure<typename F::value_type>) {
                // A list of structures (PutRecords' Records) as JSON, blobs base64-encoded as
                // the CLI v2 reads them there by default.
                QJsonArray list;
                for (const auto &e : v)
                    list.append(jsonOf(e));
                m_args.push_back(
                    {name(wire),
                     {QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact))}});
            }
        } else if constexpr (shape::IsMap<F>::value) {
            if (v.empty())
                return;
            // JSON, so keys and values with commas, '=' or spaces survive the CLI's shorthand.
            QJsonObject o;
            for (const auto &[k, val] : v)
                o.insert(QString::fromStdString(k), QString::fromStdString(val));
            m_args.push_back(
                {name(wire), {QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))}});
        }
    }

    template <class S> static QJsonObject jsonOf(const S &value)
    {
        QJsonObject o;
        shape::forEachMember<S>([&](const auto &m) {
            using Field = typename std::decay_t<decltype(m)>::FieldType;
            using Scalar = typename Unwrapped<Field>::type;
            if constexpr (std::is_same_v<Scalar, std::string>) {
                if (!shape::present(m, value))
                    return;
                const std::string &text = [&]() -> const std::string & {
                    if constexpr (shape::IsOptional<Field>::value)
                        return *(value.*(m.field));
                    else
                        return value.*(m.field);
                }();
                const QString key = QString::fromLatin1(m.name.data(), qsizetype(m.name.size()));
                o.insert(key, (m.flags & shape::Blob)
                                  ? QString::fromLatin1(QByteArray::fromStdString(text).toBase64())
                                  : QString::fromStdString(text));
            }
        });
        return o;
    }

    bool m_text;
    bool m_rawData = false;
    QString m_group; ///< the shorthand option being written ("--stream-mode-details")
    std::vector<std::pair<QString, QStringList>> m_args;
};

} // namespace

/// `aws kinesis <operation> <options…> <target…>`.
template <class Req>
QString commandLine(std::string_view operation, const Req &request, bool dataIsText)
{
    Options options(dataIsText);
    options.members(request);
    QString out = QStringLiteral("aws kinesis ") + QString::fromStdString(ops::cliName(operation));
    for (const auto &[option, values] : options.take()) {
        out += QLatin1Char(' ') + option;
        for (const QString &value : values)
            out += QLatin1Char(' ') + quote(value);
    }
    const QStringList &target = globalTarget();
    for (int i = 0; i + 1 < target.size(); i += 2)
        out += QLatin1Char(' ') + target[i] + QLatin1Char(' ') + quote(target[i + 1]);
    return out;
}

template <class Req, class Resp>
QString command(const ops::Operation<Req, Resp> &op, const Req &request, bool dataIsText)
{
    return commandLine(op.name, request, dataIsText);
}

/// Every operation's command, so that callers of the template find it (defined here only): the
/// addresses escape into the returned list, so the compiler emits each instantiation.
std::vector<const void *> everyCommand()
{
    std::vector<const void *> out;
    ops::forEach([&out](const auto &op) {
        using Op = std::decay_t<decltype(op)>;
        QString (*f)(const Op &, const typename Op::Request &, bool)
            = &command<typename Op::Request, typename Op::Response>;
        out.push_back(reinterpret_cast<const void *>(f));
    });
    return out;
}

namespace {

StreamRef named(const QString &stream)
{
    StreamRef ref;
    ref.name = stream.toStdString();
    return ref;
}

} // namespace

QString createStream(const CreateStreamRequest &r)
{
    CreateStreamRequest shown = r;
    if (shown.mode == StreamMode::OnDemand)
        shown.shardCount.reset(); // on-demand streams size themselves
    else
        shown.mode.reset(), shown.shardCount = shown.shardCount.value_or(1);
    return command(ops::CreateStream, shown);
}

QString deleteStream(const QString &stream)
{
    return command(ops::DeleteStream, DeleteStreamRequest{named(stream), false});
}

QString addTagsToStream(const QString &stream, const std::map<std::string, std::string> &tags)
{
    return command(ops::AddTagsToStream, AddTagsRequest{named(stream), tags});
}

QString removeTagsFromStream(const QString &stream, const std::vector<std::string> &keys)
{
    return command(ops::RemoveTagsFromStream, RemoveTagsRequest{named(stream), keys});
}

QString updateRetention(const QString &stream, int hours, bool increase)
{
    const RetentionRequest r{named(stream), hours};
    return increase ? command(ops::IncreaseStreamRetentionPeriod, r)
                    : command(ops::DecreaseStreamRetentionPeriod, r);
}

QString splitShard(const QString &stream, const QString &shardId, const QString &newStartingHashKey)
{
    return command(ops::SplitShard, SplitShardRequest{named(stream), shardId.toStdString(),
                                                      newStartingHashKey.toStdString()});
}

QString mergeShards(const QString &stream, const QString &shard, const QString &adjacentShard)
{
    return command(ops::MergeShards, MergeShardsRequest{named(stream), shard.toStdString(),
                                                        adjacentShard.toStdString()});
}

QString updateShardCount(const QString &stream, int target)
{
    return command(ops::UpdateShardCount,
                   UpdateShardCountRequest{named(stream), target, "UNIFORM_SCALING"});
}

QString updateStreamMode(const QString &streamArn, StreamMode mode)
{
    UpdateStreamModeRequest r;
    r.stream.arn = streamArn.toStdString();
    r.mode = mode;
    return command(ops::UpdateStreamMode, r);
}

QString putRecord(const PutRecordRequest &r, bool dataIsText)
{
    return command(ops::PutRecord, r, dataIsText);
}

QString putRecords(const PutRecordsRequest &r)
{
    return command(ops::PutRecords, r);
}

QString getShardIterator(const GetShardIteratorRequest &r)
{
    return command(ops::GetShardIterator, r);
}

QString subscribeToShard(const SubscribeToShardRequest &r)
{
    return commandLine(ops::SubscribeToShard.name, r, false);
}

} // namespace shs::awscli
