// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every shardscope-cli command gets: global options, the embedded engine (opened on first
// use, so usage errors never touch the data directory) and AWS-CLI-shaped output helpers.
#include "cli_args.h"
#include "embedded_engine.h"

#include "producer/kpl_producer.h"
#include "remote/aws_config.h"
#include "service/stream_backend.h"

#include <QEventLoop>
#include <QJsonObject>

#include <optional>
#include <type_traits>

#include <vector>

namespace shs::cli {

/// Exit codes, as the AWS CLI v2 uses them.
enum ExitCode { ExitOk = 0, ExitUsage = 252, ExitServiceError = 254, ExitFailure = 255 };

struct OpenError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

class Context
{
  public:
    Context();
    ~Context();

    app::EmbeddedOptions options;
    bool rawBinary = false; ///< --cli-binary-format raw-in-base64-out
    /// --endpoint-url / --profile (and --region): talk to a Kinesis endpoint instead of the
    /// embedded engine. Credentials and region resolve as the AWS CLI resolves them.
    std::optional<net::AwsConfigRequest> remote;
    QString command; ///< for errors: the command being run

    /// The embedded engine, for the commands only it can answer (metrics, cost, bench, serve,
    /// tail); a usage error naming the command when connected to a remote endpoint.
    service::EngineHost &host();
    /// The embedded engine itself (opened by host()).
    app::EmbeddedEngine &engine()
    {
        host();
        return *m_engine;
    }
    template <typename T> core::Result<T> call(std::function<core::Result<T>(core::Engine &)> job)
    {
        return host().call<T>(std::move(job));
    }
    /// Where the AWS-CLI-shaped commands go: the embedded engine or the remote endpoint.
    service::StreamBackend &backend();
    /// What only the embedded engine has (history, cost, limits); a usage error naming the
    /// command when connected to a remote endpoint.
    service::EmbeddedEngine &embedded();

    /// Runs one asynchronous backend call to completion (a local event loop) and returns its
    /// result.
    template <typename T>
    core::Result<T> await(const std::function<void(service::StreamBackend &, QObject *,
                                                   service::Continuation<T>)> &start)
    {
        std::optional<core::Result<T>> out;
        QEventLoop loop;
        QObject receiver;
        start(backend(), &receiver, [&out, &loop](core::Result<T> r) {
            out.emplace(std::move(r));
            loop.quit();
        });
        if (!out)
            loop.exec();
        return std::move(*out);
    }
    /// `ctx.run(core::ops::ListShards, request)`: any catalogue operation, through the backend.
    template <typename Req, typename Resp>
    core::Result<Resp> run(const core::ops::Operation<Req, Resp> &op,
                           std::type_identity_t<Req> request)
    {
        return await<Resp>(
            [&](service::StreamBackend &b, QObject *c, service::Continuation<Resp> done) {
                b.submit(op, std::move(request), c, std::move(done));
            });
    }
    void close();

  private:
    std::unique_ptr<app::EmbeddedEngine> m_engine;
    std::unique_ptr<service::StreamBackend> m_backend;
};

void printJson(const QJsonObject &object);
/// Prints JSON text as is (see net::shapes for the AWS CLI's own output), ending the line.
void printJson(const QByteArray &text);
/// "An error occurred (Type) when calling the Op operation: message" on stderr; returns 254.
int serviceError(const core::Error &error, const char *operation);
/// Decodes --data / Data per --cli-binary-format (base64 by default, like AWS CLI v2).
std::string decodeData(const Context &ctx, const QString &text);

int runBench(Context &ctx, const QStringList &argv);

/// A command derived from the catalogue (cli_operations.cpp): one per operation, named as the
/// AWS CLI names it, its options from the request's shape.
struct DerivedCommand
{
    std::string name; ///< "enable-enhanced-monitoring"
    std::string summary;
    std::function<int(Context &, const QStringList &)> run;
    /// Its options as `--help` lists them: ("--stream-name", "<string>   (required)").
    std::vector<std::pair<std::string, std::string>> options;
};
std::vector<DerivedCommand> derivedCommands();

/// A global option: its name, its value's placeholder, what it does. The parser, `--help`, the
/// manual page and the shell completions all read this table.
struct GlobalOption
{
    const char *name; ///< "--data-dir"
    const char *value;
    const char *help;
};
const std::vector<GlobalOption> &globalOptions();
/// Every command as `help` lists it: name, usage or summary, and its options.
struct CommandDoc
{
    std::string name;
    std::string usage; ///< the hand-written commands' usage line (empty for derived ones)
    std::string summary;
    std::vector<std::pair<std::string, std::string>> options; ///< (--name, placeholder)
};
std::vector<CommandDoc> commandDocs();
/// The manual page (troff, man(7)) and the bash or zsh completion script, written from the same
/// tables as `--help` (cli_docs.cpp).
void printManual(FILE *to);
bool printCompletion(const QString &shell, FILE *to);
int runTail(Context &ctx, const QStringList &argv);
int runServe(Context &ctx, const QStringList &argv);
/// `faults add|list|remove|clear` on a running endpoint (cli_faults.cpp).
int runFaults(Context &ctx, const QStringList &argv);
int runZones(Context &ctx, const QStringList &argv);
int runConsume(Context &ctx, const QStringList &argv);
/// `lesson list|check|play` (cli_lesson.cpp).
int runLesson(Context &ctx, const QStringList &argv);
/// `produce`: standard input's lines as user records through the KPL-style producer
/// (cli_produce.cpp).
int runProduce(Context &ctx, const QStringList &argv);
/// `alarms put|recommended|list|evaluate|history|delete|metrics` (cli_alarms.cpp).
int runAlarms(Context &ctx, const QStringList &argv);
/// `agent --config FILE`: the Kinesis Agent's flows, tailing files into streams (cli_agent.cpp).
int runAgent(Context &ctx, const QStringList &argv);
/// The KPL-style producer at full speed for `duration` seconds (or `records` records) on an
/// ACTIVE stream: its counts as JSON ("Error" set if it could not run).
QJsonObject benchKpl(Context &ctx, const producer::KplConfig &config, const std::string &stream,
                     int recordBytes, int keys, double duration, qint64 records);
/// ListShards through the backend, every page (cli_produce.cpp).
core::Result<std::vector<core::ShardDescription>>
listAllShards(Context &ctx, const std::string &stream, core::ShardFilter filter);
/// A KPL default_config.properties file ("Name = value" lines), checked.
core::Result<producer::KplConfig> readKplConfig(const QString &path);
/// p50, p90, p99 and max of call latencies in ms, as the bench commands print them.
QJsonObject latencyJson(std::vector<double> latencies);
/// bench put over the Kinesis wire protocol against any endpoint (cli_bench_wire.cpp).
int benchPutWire(const Args &a, const QString &endpointUrl);
int benchGetWire(const Args &a, const QString &endpointUrl);
int benchE2eWire(const Args &a, const QString &endpointUrl);

} // namespace shs::cli
