// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// shardscope-cli's commands derived from the catalogue: for an operation, its options come from
// its request shape (named as the AWS CLI names them), the values become the request's wire
// JSON — read with the endpoint's own decoder, so every conversion and refusal is the same —, the
// call goes through StreamBackend::submit (embedded engine or --endpoint-url), and the answer
// is printed from the response shape in the AWS CLI's layout.
#include "cli_context.h"
#include "cli_json.h"

#include "endpoint/shape_json.h"
#include "engine/catalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

namespace shs::cli {

using namespace shs::core;
namespace shapejson = shs::net::shapejson;

namespace {

/// One option of a derived command: a top-level wire member (or a wire structure, for
/// "A.B" members), and how its text becomes JSON.
struct OptionSpec
{
    enum class Kind { Text, Blob, Integer, Boolean, Timestamp, Choice, List, Map, Structure };
    QString option; ///< "stream-arn"
    QString wire;   ///< "StreamARN"
    Kind kind = Kind::Text;
    bool required = false;
    QStringList choices = {};   ///< Choice: the enum's names
    QStringList subfields = {}; ///< Structure: its members (shorthand keys)
};

template <class F> OptionSpec::Kind kindOf(unsigned flags, QStringList *choices)
{
    using K = OptionSpec::Kind;
    if constexpr (shape::IsOptional<F>::value) {
        return kindOf<typename F::value_type>(flags, choices);
    } else if constexpr (std::is_same_v<F, std::string>) {
        return (flags & shape::Blob) ? K::Blob : K::Text;
    } else if constexpr (std::is_same_v<F, bool>) {
        return K::Boolean;
    } else if constexpr (std::is_enum_v<F>) {
        for (const auto &[v, n] : shape::Enum<F>::values)
            *choices << QString::fromLatin1(n.data(), qsizetype(n.size()));
        return K::Choice;
    } else if constexpr (std::is_integral_v<F>) {
        return (flags & shape::Timestamp) ? K::Timestamp : K::Integer;
    } else if constexpr (shape::IsVector<F>::value) {
        return K::List;
    } else if constexpr (shape::IsMap<F>::value) {
        return K::Map;
    } else {
        return K::Structure;
    }
}

template <shape::Structure T> void collectOptions(std::vector<OptionSpec> &out)
{
    shape::forEachMember<T>([&out](const auto &m) {
        using Field = typename std::decay_t<decltype(m)>::FieldType;
        if constexpr (shape::Structure<Field>) {
            if (m.name.empty()) { // inlined (StreamName, StreamARN)
                collectOptions<Field>(out);
                return;
            }
        }
        const auto dot = m.name.find('.');
        const std::string_view wire = m.name.substr(0, dot);
        const QString option = QString::fromStdString(ops::cliName(wire));
        if (dot != std::string_view::npos) { // a member of a wire structure: one option for it
            if (out.empty() || out.back().option != option)
                out.push_back({option, QString::fromLatin1(wire.data(), qsizetype(wire.size())),
                               OptionSpec::Kind::Structure});
            out.back().subfields << QString::fromLatin1(m.name.substr(dot + 1).data(),
                                                        qsizetype(m.name.size() - dot - 1));
            out.back().required = out.back().required
                                  || (m.is(shape::Required) && !shape::IsOptional<Field>::value);
            return;
        }
        OptionSpec spec{option, QString::fromLatin1(wire.data(), qsizetype(wire.size()))};
        spec.kind = kindOf<Field>(m.flags, &spec.choices);
        spec.required = m.is(shape::Required);
        if constexpr (shape::Structure<Field>)
            shape::forEachMember<Field>([&spec](const auto &sub) {
                spec.subfields << QString::fromLatin1(sub.name.data(), qsizetype(sub.name.size()));
            });
        if constexpr (shape::IsOptional<Field>::value)
            if constexpr (shape::Structure<typename Field::value_type>)
                shape::forEachMember<typename Field::value_type>([&spec](const auto &sub) {
                    spec.subfields
                        << QString::fromLatin1(sub.name.data(), qsizetype(sub.name.size()));
                });
        out.push_back(std::move(spec));
    });
}

QString placeholder(const OptionSpec &o)
{
    using K = OptionSpec::Kind;
    switch (o.kind) {
    case K::Text:
        return QStringLiteral("<string>");
    case K::Blob:
        return QStringLiteral("<base64>");
    case K::Integer:
        return QStringLiteral("<integer>");
    case K::Boolean:
        return {};
    case K::Timestamp:
        return QStringLiteral("<ISO 8601 or epoch seconds>");
    case K::Choice:
        return o.choices.join(QLatin1Char('|'));
    case K::List:
        return QStringLiteral("<value> [<value> ...]");
    case K::Map:
        return QStringLiteral("Key=Value,... | JSON");
    case K::Structure:
        return o.subfields.join(QStringLiteral("=...,")) + QStringLiteral("=... | JSON");
    }
    return {};
}

/// "A=1,B=two" or a JSON object.
QJsonObject objectFrom(const OptionSpec &o, const QString &text)
{
    if (text.trimmed().startsWith(QLatin1Char('{'))) {
        QJsonParseError error{};
        const auto doc = QJsonDocument::fromJson(text.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            throw UsageError(QStringLiteral("--%1 is not a JSON object: %2")
                                 .arg(o.option, error.errorString())
                                 .toStdString());
        return doc.object();
    }
    QJsonObject out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            throw UsageError(QStringLiteral("--%1 takes Key=Value pairs (or JSON); got '%2'")
                                 .arg(o.option, part)
                                 .toStdString());
        out.insert(part.left(eq).trimmed(), part.mid(eq + 1).trimmed());
    }
    return out;
}

/// As the AWS CLI does: file://PATH reads a parameter's text from a file, fileb://PATH a blob's
/// bytes.
QString fromFile(const Context &ctx, const OptionSpec &o, const QString &value)
{
    const bool text = value.startsWith(QStringLiteral("file://"));
    const bool binary = value.startsWith(QStringLiteral("fileb://"));
    if (!text && !binary)
        return value;
    QFile f(value.mid(text ? 7 : 8));
    if (!f.open(QIODevice::ReadOnly))
        throw UsageError(QStringLiteral("--%1: cannot read %2: %3")
                             .arg(o.option, f.fileName(), f.errorString())
                             .toStdString());
    const QByteArray bytes = f.readAll();
    if (binary && o.kind == OptionSpec::Kind::Blob && !ctx.rawBinary)
        return QString::fromLatin1(bytes.toBase64()); // --data takes base64
    return QString::fromUtf8(bytes);
}

QJsonValue valueOf(const Context &ctx, const OptionSpec &o, QStringList values)
{
    for (QString &v : values)
        v = fromFile(ctx, o, v);
    using K = OptionSpec::Kind;
    const QString text = values.isEmpty() ? QString() : values.first();
    switch (o.kind) {
    case K::Text:
        return text;
    case K::Choice:
        if (!o.choices.contains(text))
            throw UsageError(QStringLiteral("Invalid choice '%1' for --%2; valid choices: %3")
                                 .arg(text, o.option, o.choices.join(QStringLiteral(", ")))
                                 .toStdString());
        return text;
    case K::Blob:
        return QString::fromLatin1(
            QByteArray::fromStdString(decodeData(ctx, text)).toBase64()); // the wire's form
    case K::Integer: {
        bool ok = false;
        const qint64 v = text.toLongLong(&ok);
        if (!ok)
            throw UsageError(QStringLiteral("--%1 takes an integer, not '%2'")
                                 .arg(o.option, text)
                                 .toStdString());
        return double(v);
    }
    case K::Boolean:
        return true;
    case K::Timestamp: {
        const auto ms = parseTime(text);
        if (!ms)
            throw UsageError(QStringLiteral("--%1 takes ISO 8601 (2026-11-26T10:00:00Z) or "
                                            "epoch seconds, not '%2'")
                                 .arg(o.option, text)
                                 .toStdString());
        return double(*ms) / 1000.0;
    }
    case K::List: {
        if (values.size() == 1 && text.trimmed().startsWith(QLatin1Char('['))) {
            const auto doc = QJsonDocument::fromJson(text.toUtf8());
            if (!doc.isArray())
                throw UsageError(
                    QStringLiteral("--%1 is not a JSON list").arg(o.option).toStdString());
            return doc.array();
        }
        QJsonArray a;
        for (const QString &v : values)
            a.append(v);
        return a;
    }
    case K::Map:
    case K::Structure:
        return objectFrom(o, text);
    }
    return {};
}

/// The AWS CLI's paging options of a paged operation: not members of its request.
const QStringList kPagingOptions
    = {QStringLiteral("starting-token"), QStringLiteral("page-size"), QStringLiteral("max-items")};

void printHelp(const std::string &command, std::string_view summary,
               const std::vector<OptionSpec> &options, bool paged, FILE *to)
{
    std::fprintf(to, "%s\n\n  %s\n\noptions:\n", command.c_str(), std::string(summary).c_str());
    for (const auto &o : options)
        std::fprintf(to, "  --%-36s %s%s\n", qPrintable(o.option), qPrintable(placeholder(o)),
                     o.required ? "   (required)" : "");
    if (paged) {
        for (const QString &name : kPagingOptions)
            std::fprintf(to, "  --%-36s %s\n", qPrintable(name),
                         name == kPagingOptions.first() ? "<string>" : "<integer>");
        std::fprintf(to, "\nEvery page is read and printed together, as the AWS CLI does, unless "
                         "a paging member is given by hand.\n");
    }
    std::fprintf(to, "\nGlobal options (--endpoint-url, --region, --profile, --data-dir, …) may "
                     "come before or after the command.\n");
}

/// The AWS CLI's paging: --starting-token, --page-size, --max-items.
struct Paging
{
    std::optional<std::string> startingToken;
    std::optional<std::int64_t> pageSize;
    std::optional<std::int64_t> maxItems;
};

/// Follows the pages as the AWS CLI does and prints them gathered: the result lists, the members
/// kept from the first page, and NextToken when --max-items stopped early.
template <class Req, class Resp>
int runPaged(Context &ctx, const ops::Operation<Req, Resp> &op, Req request, const Paging &paging)
{
    const auto &p = op.paginator;
    if (paging.startingToken)
        p.resume(request, *paging.startingToken);
    if (paging.pageSize)
        p.pageSize(request, *paging.pageSize);
    std::optional<Resp> gathered;
    std::size_t count = 0;
    std::optional<std::string> truncated;
    for (;;) {
        if (paging.maxItems) // never more than --max-items in all
            p.pageSize(request, std::min<std::int64_t>(paging.pageSize.value_or(*paging.maxItems),
                                                       *paging.maxItems - std::int64_t(count)));
        auto page = ctx.run(op, request);
        if (!page)
            return serviceError(page.error(), std::string(op.name).c_str());
        count += p.items(*page);
        const auto token = p.nextToken(*page);
        if (!gathered)
            gathered = std::move(*page);
        else
            p.append(*gathered, std::move(*page));
        if (!token)
            break;
        if (paging.maxItems && std::int64_t(count) >= *paging.maxItems) {
            truncated = token;
            break;
        }
        p.resume(request, *token);
    }
    net::JsonWriter out(net::JsonWriter::awsCli());
    out.beginObject();
    if (!op.responseWrapper.empty())
        out.key(op.responseWrapper).beginObject();
    for (std::string_view key : p.resultKeys) // the gathered lists first, then the kept members
        if (!key.empty())
            shapejson::writeNamedMember(out, *gathered, key);
    for (std::string_view key : p.keep)
        if (!key.empty())
            shapejson::writeNamedMember(out, *gathered, key);
    if (!op.responseWrapper.empty())
        out.endObject();
    if (truncated)
        out.member("NextToken", *truncated);
    printJson(out.endObject().take());
    return ExitOk;
}

template <class Req, class Resp>
int runOperation(Context &ctx, const ops::Operation<Req, Resp> &op, const QStringList &argv)
{
    constexpr bool pageable = !std::is_void_v<Resp>;
    bool paged = false;
    if constexpr (pageable)
        paged = op.paginator.nextToken != nullptr;
    Paging paging;
    const std::string command = ops::cliName(op.name);
    std::vector<OptionSpec> options;
    collectOptions<Req>(options);
    auto find = [&options](const QString &name) -> const OptionSpec * {
        for (const auto &o : options)
            if (o.option == name)
                return &o;
        return nullptr;
    };
    // The binary format applies to --data wherever it stands.
    if (const auto at = argv.indexOf(QStringLiteral("--cli-binary-format"));
        at >= 0 && at + 1 < argv.size())
        ctx.rawBinary = argv[at + 1] == QStringLiteral("raw-in-base64-out");
    QJsonObject body;
    for (qsizetype i = 0; i < argv.size(); ++i) {
        const QString arg = argv[i];
        if (arg == QStringLiteral("--help") || arg == QStringLiteral("help")) {
            printHelp(command, op.summary, options, paged, stdout);
            return ExitOk;
        }
        if (paged && arg.startsWith(QStringLiteral("--")) && kPagingOptions.contains(arg.mid(2))) {
            if (i + 1 >= argv.size())
                throw UsageError(QStringLiteral("%1: %2 needs a value")
                                     .arg(QString::fromStdString(command), arg)
                                     .toStdString());
            const QString value = argv[++i];
            if (arg == QStringLiteral("--starting-token")) {
                paging.startingToken = value.toStdString();
                continue;
            }
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < 1)
                throw UsageError(QStringLiteral("%1: %2 takes a positive integer, not '%3'")
                                     .arg(QString::fromStdString(command), arg, value)
                                     .toStdString());
            (arg == QStringLiteral("--page-size") ? paging.pageSize : paging.maxItems) = n;
            continue;
        }
        if (arg == QStringLiteral("--cli-binary-format") && i + 1 < argv.size()) {
            ++i;
            continue;
        }
        const OptionSpec *o = arg.startsWith(QStringLiteral("--")) ? find(arg.mid(2)) : nullptr;
        if (!o) {
            QStringList valid;
            for (const auto &spec : options)
                valid << QStringLiteral("--") + spec.option;
            if (paged)
                for (const auto &name : kPagingOptions)
                    valid << QStringLiteral("--") + name;
            throw UsageError(QStringLiteral("%1: unknown option %2; %1 takes %3")
                                 .arg(QString::fromStdString(command), arg,
                                      valid.isEmpty() ? QStringLiteral("no options")
                                                      : valid.join(QStringLiteral(", ")))
                                 .toStdString());
        }
        QStringList values;
        if (o->kind != OptionSpec::Kind::Boolean) {
            while (i + 1 < argv.size() && !argv[i + 1].startsWith(QStringLiteral("--"))) {
                values << argv[++i];
                if (o->kind != OptionSpec::Kind::List)
                    break;
            }
            if (values.isEmpty())
                throw UsageError(
                    QStringLiteral("%1: --%2 needs a value (%3)")
                        .arg(QString::fromStdString(command), o->option, placeholder(*o))
                        .toStdString());
        }
        body.insert(o->wire, valueOf(ctx, *o, values));
    }
    // As the AWS CLI does, before anything is opened or sent.
    QStringList missing;
    for (const auto &o : options)
        if (o.required && !body.contains(o.wire))
            missing << QStringLiteral("--") + o.option;
    if (!missing.isEmpty())
        throw UsageError(
            QStringLiteral("%1: the following arguments are required: %2")
                .arg(QString::fromStdString(command), missing.join(QStringLiteral(", ")))
                .toStdString());
    // Values of the wrong form are the AWS CLI's parameter validation: usage errors.
    shapejson::Reading reading;
    Req request = shapejson::decode<Req>(body, reading);
    if (auto problem = reading.problem())
        throw UsageError(
            QStringLiteral("%1: parameter validation failed: %2")
                .arg(QString::fromStdString(command), QString::fromStdString(problem->message))
                .toStdString());
    if (auto invalid = shape::validate(request).error())
        return serviceError(*invalid, std::string(op.name).c_str());
    if constexpr (pageable) {
        // As the AWS CLI: a paging member given by hand asks for that one page, as it comes.
        const auto byHand = std::find_if(
            op.paginator.manual.begin(), op.paginator.manual.end(), [&body](std::string_view m) {
                return !m.empty()
                       && body.contains(QString::fromLatin1(m.data(), qsizetype(m.size())));
            });
        if (paged && byHand == op.paginator.manual.end())
            return runPaged(ctx, op, std::move(request), paging);
        if (paged && (paging.startingToken || paging.pageSize || paging.maxItems))
            throw UsageError(QStringLiteral("%1: --starting-token, --page-size and --max-items "
                                            "page for you; they cannot be combined with paging "
                                            "by hand (--%2)")
                                 .arg(QString::fromStdString(command),
                                      QString::fromStdString(ops::cliName(*byHand)))
                                 .toStdString());
    }
    auto result = ctx.run(op, std::move(request));
    if (!result)
        return serviceError(result.error(), std::string(op.name).c_str());
    if constexpr (!std::is_void_v<Resp>) // the AWS CLI prints nothing for an empty answer
        printJson(shapejson::encode(*result, net::JsonWriter::awsCli(), op.responseWrapper));
    return ExitOk;
}

} // namespace

std::vector<DerivedCommand> derivedCommands()
{
    std::vector<DerivedCommand> out;
    ops::forEach([&out](const auto &op) {
        using Op = std::decay_t<decltype(op)>;
        std::vector<OptionSpec> specs;
        collectOptions<typename Op::Request>(specs);
        std::vector<std::pair<std::string, std::string>> options;
        for (const auto &o : specs)
            options.emplace_back("--" + o.option.toStdString(),
                                 placeholder(o).toStdString()
                                     + (o.required ? "   (required)" : ""));
        if constexpr (!std::is_void_v<typename Op::Response>)
            if (op.paginator.nextToken != nullptr)
                for (const QString &name : kPagingOptions)
                    options.emplace_back("--" + name.toStdString(),
                                         name == kPagingOptions.first() ? "<string>" : "<integer>");
        out.push_back(
            {ops::cliName(op.name), std::string(op.summary),
             [&op](Context &ctx, const QStringList &argv) { return runOperation(ctx, op, argv); },
             std::move(options)});
    });
    return out;
}

} // namespace shs::cli
