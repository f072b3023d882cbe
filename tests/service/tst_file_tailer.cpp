// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
// The Agent-style file tailer: the Agent's configuration and its checks, its processing options
// line for line as the Agent's converters write them, and the tailer on real files in a
// temporary directory — buffering, order, retries, rotation by rename, truncation,
// copy-truncate, files let go, multi-line records, headers, long lines and restarts from
// checkpoints — on a manual clock, against a sender the test answers.
#include "manual_clock.h"
#include "producer/agent_config.h"
#include "producer/agent_processing.h"
#include "producer/file_tailer.h"
#include "store/tail_checkpoints.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdio>
#include <deque>
#include <fstream>
#include <set>

using namespace shs;
using producer::AgentConfig;
using producer::AgentFlow;
using producer::AgentProcessing;
using producer::AgentProcessor;
using producer::FileTailer;

namespace {

/// A sender whose calls wait until the test answers them.
struct QueueSender
{
    struct Call
    {
        core::PutRecordsRequest request;
        FileTailer::PutRecordsDone done;
    };
    std::deque<Call> calls;
    std::vector<std::string> stored; ///< every acknowledged record's data, in order

    FileTailer::Sender sender()
    {
        return [this](core::PutRecordsRequest r, FileTailer::PutRecordsDone done) {
            calls.push_back({std::move(r), std::move(done)});
        };
    }
    /// Answers the oldest call: every entry stored, except the indexes in `refuse`.
    void answer(const std::set<std::size_t> &refuse = {})
    {
        QVERIFY(!calls.empty());
        Call c = std::move(calls.front());
        calls.pop_front();
        core::PutRecordsResult result;
        for (std::size_t i = 0; i < c.request.records.size(); ++i) {
            core::PutRecordsResultEntry e;
            if (refuse.count(i)) {
                e.errorCode = "ProvisionedThroughputExceededException";
                e.errorMessage = "Rate exceeded for shard shardId-000000000000 in stream s under "
                                 "account 000000000000.";
                ++result.failedRecordCount;
            } else {
                e.shardId = "shardId-000000000000";
                e.sequenceNumber = std::to_string(stored.size() + 1);
                stored.push_back(c.request.records[i].data);
            }
            result.records.push_back(e);
        }
        c.done(result);
    }
    void fail()
    {
        QVERIFY(!calls.empty());
        Call c = std::move(calls.front());
        calls.pop_front();
        c.done(core::makeError(core::ErrorCode::ResourceNotFound,
                               "Stream s under account 000000000000 not found."));
    }
};

void append(const QString &path, const std::string &text)
{
    std::ofstream out(path.toStdString(), std::ios::app | std::ios::binary);
    out << text;
}

void truncateFile(const QString &path)
{
    std::ofstream out(path.toStdString(), std::ios::trunc | std::ios::binary);
}

/// JSON written with single quotes (moc misreads multi-line raw strings).
QByteArray quoted(const char *text)
{
    return QByteArray(text).replace('\'', '"');
}

std::string lines(int from, int to, const std::string &prefix = "line ")
{
    std::string s;
    for (int i = from; i <= to; ++i)
        s += prefix + std::to_string(i) + "\n";
    return s;
}

std::vector<std::string> split(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from < text.size()) {
        const std::size_t nl = text.find('\n', from);
        out.push_back(text.substr(from, nl + 1 - from));
        from = nl + 1;
    }
    return out;
}

AgentFlow flowFor(const QString &pattern)
{
    AgentFlow f;
    f.filePattern = pattern.toStdString();
    f.kinesisStream = "s";
    f.initialPosition = AgentFlow::InitialPosition::StartOfFile;
    f.maxBufferAgeMillis = 1000;
    return f;
}

} // namespace

class TestFileTailer : public QObject
{
    Q_OBJECT
  private:
    test::ManualClock m_clock;
    QueueSender m_queue;
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    /// Ticks through `ms` of time in polls, answering every call in full.
    void run(FileTailer &t, std::int64_t ms = 2000)
    {
        for (std::int64_t done = 0; done <= ms; done += 100) {
            t.tick();
            while (!m_queue.calls.empty())
                m_queue.answer();
            m_clock.advance(100);
        }
    }

  private Q_SLOTS:
    void init()
    {
        m_queue = {};
        QVERIFY(m_dir.isValid());
        for (const QString &f : QDir(m_dir.path()).entryList(QDir::Files))
            QFile::remove(m_dir.filePath(f));
    }

    void configReadsTheAgentsKeysWithTheirDefaults()
    {
        const QByteArray json
            = quoted("{ "
                     "'cloudwatch.emitMetrics': false, "
                     "'kinesis.endpoint': 'http://127.0.0.1:4567', "
                     "'checkpointFile': '/tmp/cp', "
                     "'colour': 'blue', "
                     "'flows': [ "
                     "{'filePattern': '/var/log/app.log*', 'kinesisStream': 's', "
                     "'partitionKeyOption': 'DETERMINISTIC', 'maxBufferAgeMillis': '2000', "
                     "'publishQueueCapacity': 10, 'dataProcessingOptions': [ "
                     "{'optionName': 'LOGTOJSON', 'logFormat': 'SYSLOG'}]}, "
                     "{'filePattern': '/var/log/b.log', 'kinesisStream': 't'} "
                     "]}");
        auto c = AgentConfig::fromJson(json);
        QVERIFY2(c, c ? "" : c.error().message.c_str());
        QCOMPARE(c->kinesisEndpoint, std::string("http://127.0.0.1:4567"));
        QCOMPARE(c->checkpointFile, std::string("/tmp/cp"));
        QCOMPARE(c->flows.size(), std::size_t(2));
        const AgentFlow &a = c->flows[0];
        QCOMPARE(a.id(), std::string("kinesis:s:/var/log/app.log*"));
        QVERIFY(a.partitionKeyOption == AgentFlow::PartitionKeyOption::Deterministic);
        QCOMPARE(a.maxBufferAgeMillis, std::int64_t(2000));
        QCOMPARE(a.dataProcessingOptions.size(), std::size_t(1));
        // The Agent's defaults.
        const AgentFlow &b = c->flows[1];
        QVERIFY(b.initialPosition == AgentFlow::InitialPosition::EndOfFile);
        QVERIFY(b.partitionKeyOption == AgentFlow::PartitionKeyOption::Random);
        QCOMPARE(b.maxBufferAgeMillis, std::int64_t(60'000));
        QCOMPARE(b.maxBufferSizeRecords, 500);
        QCOMPARE(b.maxBufferSizeBytes, 5 * 1024 * 1024);
        QCOMPARE(b.retryInitialBackoffMillis, std::int64_t(100));
        QCOMPARE(b.retryMaxBackoffMillis, std::int64_t(10'000));
        QCOMPARE(c->ignored, (std::vector<std::string>{"cloudwatch.emitMetrics",
                                                       "flows[0].publishQueueCapacity"}));
        QCOMPARE(c->unknown, std::vector<std::string>{"colour"});
    }

    void configNamesEveryProblem()
    {
        const QByteArray json = quoted(
            "{'flows': [ "
            "{'filePattern': 'logs/app.log', 'kinesisStream': 's'}, "
            "{'filePattern': '/var/*/app.log', 'deliveryStream': 'd'}, "
            "{'filePattern': '/a.log', 'kinesisStream': 's', 'maxBufferAgeMillis': 10, "
            "'maxBufferSizeRecords': 501, 'initialPosition': 'BEGINNING', "
            "'multiLineStartPattern': '(', 'dataProcessingOptions': [ "
            "{'optionName': 'CSVTOJSON'}, "
            "{'optionName': 'LOGTOJSON', 'logFormat': 'SYSLOG', 'matchPattern': '^(.*)$'}, "
            "{'optionName': 'ADDEC2METADATA'}]}]}");
        auto c = AgentConfig::fromJson(json);
        QVERIFY(!c);
        const std::string m = c.error().message;
        for (const char *expected :
             {"flows[0].filePattern: \"logs/app.log\" must be an absolute path",
              "flows[1].filePattern: a pattern may only be in the file name",
              "flows[1].deliveryStream: Firehose delivery streams are not served by Shardscope",
              "flows[2].maxBufferAgeMillis: 10 is outside 1000 … 900000",
              "flows[2].maxBufferSizeRecords: 501 is outside 1 … 500",
              "flows[2].initialPosition: \"BEGINNING\" is not one of START_OF_FILE, END_OF_FILE",
              "flows[2].multiLineStartPattern: not a regular expression",
              "flows[2].dataProcessingOptions[0].customFieldNames: required by CSVTOJSON",
              "flows[2].dataProcessingOptions[1].customFieldNames: must be specified when "
              "matchPattern is specified",
              "flows[2].dataProcessingOptions[2].optionName: ADDEC2METADATA is an option of the "
              "Kinesis Agent that Shardscope does not have"})
            QVERIFY2(m.find(expected) != std::string::npos,
                     (m + "\n--- lacks: " + expected).c_str());
        QVERIFY(!AgentConfig::fromJson("{\"flows\": []}"));
        QVERIFY(AgentConfig::fromJson("{\"flows\": [").error().message.rfind("not JSON", 0) == 0);
    }

    void processingWritesWhatTheAgentWrites()
    {
        auto options = [](const QByteArray &json) {
            std::vector<std::string> problems;
            auto p = producer::parseAgentProcessing(QJsonDocument::fromJson(json).object(), "",
                                                    problems);
            [&] { QVERIFY2(problems.empty(), problems.empty() ? "" : problems[0].c_str()); }();
            return AgentProcessor({*p});
        };
        // SINGLELINE: trimmed lines joined, one newline.
        QCOMPARE(*options(R"({"optionName":"SINGLELINE"})").apply("  at a\n   at b  \n"),
                 std::string("at aat b\n"));
        QCOMPARE(
            *options(R"({"optionName":"SINGLELINE","parseOptions":["NO_TRIM","ESCAPE_NEW_LINE"]})")
                 .apply("x \n y\n"),
            std::string("x \\\\n y\n"));
        // CSVTOJSON: fields in order, missing columns null, trailing empty columns dropped (as
        // Java's split drops them), the delimiter a regular expression.
        const auto csv = options(
            R"({"optionName":"CSVTOJSON","customFieldNames":["id","name","city"],"delimiter":"\\|"})");
        QCOMPARE(*csv.apply("1|Ann \"A\"|\n"),
                 std::string("{\"id\":\"1\",\"name\":\"Ann \\\"A\\\"\",\"city\":null}\n"));
        QCOMPARE(*csv.apply("1||Oslo\n"),
                 std::string("{\"id\":\"1\",\"name\":\"\",\"city\":\"Oslo\"}\n"));
        // LOGTOJSON: the Agent's patterns and field names; "-" is null in Apache's logs.
        const auto common = options(R"({"optionName":"LOGTOJSON","logFormat":"COMMONAPACHELOG"})");
        QCOMPARE(
            *common.apply("127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET "
                          "/apache_pb.gif HTTP/1.0\" 200 2326\n"),
            std::string("{\"host\":\"127.0.0.1\",\"ident\":null,\"authuser\":\"frank\","
                        "\"datetime\":\"10/Oct/2000:13:55:36 -0700\",\"request\":\"GET "
                        "/apache_pb.gif HTTP/1.0\",\"response\":\"200\",\"bytes\":\"2326\"}\n"));
        QVERIFY(!common.apply("not a log line\n")); // dropped, as the Agent drops it
        const auto combined
            = options(R"({"optionName":"LOGTOJSON","logFormat":"COMBINEDAPACHELOG"})");
        QCOMPARE(*combined.apply("192.168.1.2 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" "
                                 "304 - \"http://example.com/\" \"Mozilla/5.0\"\n"),
                 std::string("{\"host\":\"192.168.1.2\",\"ident\":null,\"authuser\":null,"
                             "\"datetime\":\"10/Oct/2000:13:55:36 -0700\",\"request\":\"GET / "
                             "HTTP/1.1\",\"response\":\"304\",\"bytes\":null,\"referer\":"
                             "\"http://example.com/\",\"agent\":\"Mozilla/5.0\"}\n"));
        const auto error = options(R"({"optionName":"LOGTOJSON","logFormat":"APACHEERRORLOG"})");
        QCOMPARE(*error.apply("[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid "
                              "4328636416] [client 72.15.99.187] File does not exist: /x\n"),
                 std::string("{\"timestamp\":\"Fri Sep 09 10:42:29.902022 2011\",\"module\":"
                             "\"core\",\"severity\":\"error\",\"processid\":\"35708\","
                             "\"threadid\":\"4328636416\",\"client\":\"72.15.99.187\","
                             "\"message\":\"File does not exist: /x\"}\n"));
        const auto syslog = options(R"({"optionName":"LOGTOJSON","logFormat":"SYSLOG"})");
        QCOMPARE(*syslog.apply("Mar 12 12:00:08 server2 rcd[308]: Loaded 12 packages\n"),
                 std::string("{\"timestamp\":\"Mar 12 12:00:08\",\"hostname\":\"server2\","
                             "\"program\":\"rcd\",\"processid\":\"308\",\"message\":\"Loaded 12 "
                             "packages\"}\n"));
        QCOMPARE(*syslog.apply("Mar 12 12:00:08 server2 cron: tick\n"),
                 std::string("{\"timestamp\":\"Mar 12 12:00:08\",\"hostname\":\"server2\","
                             "\"program\":\"cron\",\"processid\":null,\"message\":\"tick\"}\n"));
        const auto rfc = options(
            R"({"optionName":"LOGTOJSON","logFormat":"RFC3339SYSLOG","jsonFormat":"PRETTYPRINT"})");
        QCOMPARE(*rfc.apply("2026-12-05T07:00:00.123+00:00 host app[1]: hi\t\"there\"\n"),
                 std::string("{\n  \"timestamp\" : \"2026-12-05T07:00:00.123+00:00\",\n  "
                             "\"hostname\" : \"host\",\n  \"program\" : \"app\",\n  \"processid\" "
                             ": \"1\",\n  \"message\" : \"hi\\t\\\"there\\\"\"\n}\n"));
        const auto custom = options(
            quoted("{'optionName':'LOGTOJSON','logFormat':'COMMONAPACHELOG', "
                   "'matchPattern':'^(\\\\w+) (\\\\d+)$','customFieldNames':['word','number']}"));
        QCOMPARE(*custom.apply("abc 42\n"), std::string("{\"word\":\"abc\",\"number\":\"42\"}\n"));
    }

    void linesAreBufferedAndSentInTheFilesOrder()
    {
        const QString log = path(QStringLiteral("app.log"));
        append(log, lines(1, 7));
        AgentFlow flow = flowFor(log);
        flow.maxBufferSizeRecords = 3;
        FileTailer t(flow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(t.start());
        t.tick();
        // One call at a time, three records each, each record its line with its newline.
        QCOMPARE(m_queue.calls.size(), std::size_t(1));
        QCOMPARE(m_queue.calls[0].request.records.size(), std::size_t(3));
        QCOMPARE(m_queue.calls[0].request.records[0].data, std::string("line 1\n"));
        QCOMPARE(m_queue.calls[0].request.stream.name, std::string("s"));
        m_queue.answer();
        QCOMPARE(t.files().at(0).checkpoint, std::int64_t(lines(1, 3).size()));
        t.tick();
        m_queue.answer();
        // Line 7 waits for the buffer's age.
        t.tick();
        QVERIFY(m_queue.calls.empty());
        QCOMPARE(t.counts().buffered, std::int64_t(1));
        m_clock.advance(999);
        t.tick();
        QVERIFY(m_queue.calls.empty());
        QVERIFY(t.counts().lagMs >= 999);
        m_clock.advance(1);
        t.tick();
        QCOMPARE(m_queue.calls.size(), std::size_t(1));
        m_queue.answer();
        QCOMPARE(m_queue.stored, split(lines(1, 7)));
        QCOMPARE(t.files().at(0).checkpoint, std::int64_t(lines(1, 7).size()));
        QCOMPARE(t.counts().bytesBehind, std::int64_t(0));
        // A line being written waits for its newline.
        append(log, "line 8 is not fin");
        run(t);
        QCOMPARE(m_queue.stored.size(), std::size_t(7));
        append(log, "ished\n");
        run(t);
        QCOMPARE(m_queue.stored.back(), std::string("line 8 is not finished\n"));
        const auto c = t.counts();
        QCOMPARE(c.linesRead, std::int64_t(8));
        QCOMPARE(c.recordsSent, std::int64_t(8));
        QCOMPARE(c.putRecordsCalls, std::int64_t(4));
    }

    void partitionKeysAreTheAgents()
    {
        const QString log = path(QStringLiteral("keys.log"));
        append(log, lines(1, 50));
        AgentFlow flow = flowFor(log);
        FileTailer random(flow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(random.start());
        random.flush();
        std::set<std::string> keys;
        for (const auto &r : m_queue.calls.at(0).request.records) {
            bool ok = false;
            const double v = QString::fromStdString(r.partitionKey).toDouble(&ok);
            QVERIFY(ok && v >= 0 && v < 1'000'000);
            keys.insert(r.partitionKey);
        }
        QCOMPARE(keys.size(), std::size_t(50));
        m_queue.calls.clear();
        flow.partitionKeyOption = AgentFlow::PartitionKeyOption::Deterministic;
        FileTailer md5(flow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(md5.start());
        md5.flush();
        // MD5("line 1\n")
        QCOMPARE(
            m_queue.calls.at(0).request.records.at(0).partitionKey,
            QCryptographicHash::hash("line 1\n", QCryptographicHash::Md5).toHex().toStdString());
    }

    void refusedEntriesAreSentAgainAfterABackoff()
    {
        const QString log = path(QStringLiteral("app.log"));
        append(log, lines(1, 4));
        AgentFlow flow = flowFor(log);
        FileTailer t(flow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(t.start());
        t.flush();
        m_queue.answer({1, 3}); // lines 2 and 4 refused
        QCOMPARE(t.files().at(0).checkpoint, std::int64_t(lines(1, 1).size()));
        QVERIFY(t.counts().lastError.find("ProvisionedThroughputExceededException") == 0);
        t.flush();
        QVERIFY(m_queue.calls.empty()); // retryInitialBackoffMillis
        m_clock.advance(100);
        t.flush();
        QCOMPARE(m_queue.calls.size(), std::size_t(1));
        QCOMPARE(m_queue.calls[0].request.records.size(), std::size_t(2));
        m_queue.fail(); // the whole call: sent again after twice the backoff
        m_clock.advance(199);
        t.flush();
        QVERIFY(m_queue.calls.empty());
        m_clock.advance(1);
        t.flush();
        m_queue.answer();
        QCOMPARE(m_queue.stored,
                 (std::vector<std::string>{"line 1\n", "line 3\n", "line 2\n", "line 4\n"}));
        QCOMPARE(t.files().at(0).checkpoint, std::int64_t(lines(1, 4).size()));
        const auto c = t.counts();
        QCOMPARE(c.entriesRetried, std::int64_t(4));
        QCOMPARE(c.entriesThrottled, std::int64_t(2));
        QCOMPARE(c.callsFailed, std::int64_t(1));
        QVERIFY(t.idle());
    }

    void endOfFileStartsAfterTheLastWholeLineAndNewFilesFromTheirStart()
    {
        const QString log = path(QStringLiteral("app.log"));
        append(log, lines(1, 3) + "line 4 half");
        AgentFlow flow = flowFor(path(QStringLiteral("app.log*")));
        flow.initialPosition = AgentFlow::InitialPosition::EndOfFile;
        FileTailer t(flow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(t.start());
        append(log, "\n");
        append(path(QStringLiteral("app.log.new")), "new 1\n");
        append(path(QStringLiteral("app.log.gz")), "compressed\n"); // skipped, as the Agent does
        run(t);
        std::vector<std::string> got = m_queue.stored;
        std::sort(got.begin(), got.end());
        QCOMPARE(got, (std::vector<std::string>{"line 4 half\n", "new 1\n"}));
        QCOMPARE(t.counts().filesTracked, std::int64_t(2));
    }

    void rotationByRenameKeepsEachFilesPlace()
    {
        const QString log = path(QStringLiteral("app.log"));
        append(log, lines(1, 3));
        FileTailer t(flowFor(path(QStringLiteral("app.log*"))), m_clock, m_queue.sender(), nullptr);
        QVERIFY(t.start());
        run(t);
        // Written after the last poll, then rotated: both ends reach the stream, in order.
        append(log, lines(4, 5));
        QVERIFY(QFile::rename(log, path(QStringLiteral("app.log.1"))));
        append(log, lines(6, 8));
        run(t);
        QCOMPARE(m_queue.stored, split(lines(1, 8)));
        QCOMPARE(t.counts().rotations, std::int64_t(1));
        // A pattern the rotated name no longer matches: the old file is read to its end through
        // its descriptor, then let go.
        m_queue.stored.clear();
        FileTailer only(flowFor(log), m_clock, m_queue.sender(), nullptr);
        QVERIFY(only.start());
        run(only);
        QCOMPARE(m_queue.stored, split(lines(6, 8)));
        append(log, lines(9, 9));
        QVERIFY(QFile::rename(log, path(QStringLiteral("app.log.2"))));
        append(log, lines(10, 10));
        run(only);
        QCOMPARE(m_queue.stored, split(lines(6, 10)));
        QCOMPARE(only.counts().filesLetGo, std::int64_t(1));
        QCOMPARE(only.counts().filesTracked, std::int64_t(1));
        // A deleted file is let go too.
        QVERIFY(QFile::remove(log));
        run(only);
        QCOMPARE(only.counts().filesTracked, std::int64_t(0));
    }

    void truncationStartsTheFileAgain()
    {
        const QString log = path(QStringLiteral("app.log"));
        append(log, lines(1, 5));
        FileTailer t(flowFor(log), m_clock, m_queue.sender(), nullptr);
        QVERIFY(t.start());
        run(t);
        truncateFile(log);
        append(log, lines(6, 7));
        run(t);
        QCOMPARE(m_queue.stored, split(lines(1, 7)));
        QCOMPARE(t.counts().truncations, std::int64_t(1));
        QCOMPARE(t.files().at(0).checkpoint, std::int64_t(lines(6, 7).size()));
    }

    void copyTruncateIsFollowed()
    {
        // logrotate's copytruncate: the lines written since the last poll are in the copy only.
        const QString log = path(QStringLiteral("app.log"));
        const std::string wide = std::string(300, 'x');
        append(log, lines(1, 3, wide));
        FileTailer t(flowFor(path(QStringLiteral("app.log*"))), m_clock, m_queue.sender(), nullptr);
        QVERIFY(t.start());
        run(t);
        append(log, lines(4, 5, wide));
        QVERIFY(QFile::copy(log, path(QStringLiteral("app.log.1"))));
        truncateFile(log);
        append(log, lines(6, 6, wide));
        run(t);
        QCOMPARE(m_queue.stored, split(lines(1, 6, wide)));
        QCOMPARE(t.counts().copiesFollowed, std::int64_t(1));
        // A copy made before the truncation is seen (the poll falls between them), with records
        // still buffered: still once each.
        m_queue.stored.clear();
        const QString other = path(QStringLiteral("b.log"));
        append(other, lines(1, 3, wide));
        AgentFlow slow = flowFor(path(QStringLiteral("b.log*")));
        slow.maxBufferAgeMillis = 5000;
        FileTailer u(slow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(u.start());
        u.tick(); // lines 1-3 buffered, not sent
        append(other, lines(4, 5, wide));
        QVERIFY(QFile::copy(other, path(QStringLiteral("b.log.1"))));
        m_clock.advance(100);
        u.tick();
        truncateFile(other);
        append(other, lines(6, 6, wide));
        run(u, 8000);
        QCOMPARE(m_queue.stored, split(lines(1, 6, wide)));
        for (const auto &f : u.files())
            QCOMPARE(f.checkpoint, f.size);
    }

    void multiLineRecordsHeadersAndLongLines()
    {
        const QString log = path(QStringLiteral("trace.log"));
        append(log, "header a\nheader b\n2026 first\n  at x\n  at y\n2026 second\n");
        AgentFlow flow = flowFor(log);
        flow.skipHeaderLines = 2;
        flow.multiLineStartPattern = "\\d{4} ";
        FileTailer t(flow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(t.start());
        run(t);
        // The last group ends when a poll finds the file still at its end.
        QCOMPARE(m_queue.stored,
                 (std::vector<std::string>{"2026 first\n  at x\n  at y\n", "2026 second\n"}));
        QCOMPARE(t.counts().recordsDropped, std::int64_t(2));
        QCOMPARE(t.files().at(0).checkpoint, t.files().at(0).size);

        // A line over 1 MiB: cut to a record with the terminator, the rest skipped.
        m_queue.stored.clear();
        const QString big = path(QStringLiteral("big.log"));
        append(big, std::string(1'200'000, 'b') + "\nafter\n");
        AgentFlow bigFlow = flowFor(big);
        bigFlow.truncatedRecordTerminator = "<cut>\n";
        FileTailer b(bigFlow, m_clock, m_queue.sender(), nullptr);
        QVERIFY(b.start());
        run(b);
        QCOMPARE(m_queue.stored.size(), std::size_t(2));
        QVERIFY(m_queue.stored[0].size() <= 1024 * 1024);
        QVERIFY(m_queue.stored[0].size() > 1024 * 1024 - 64);
        QVERIFY(m_queue.stored[0].ends_with("b<cut>\n"));
        QCOMPARE(m_queue.stored[1], std::string("after\n"));
        QCOMPARE(b.counts().truncatedRecords, std::int64_t(1));
        QCOMPARE(b.files().at(0).checkpoint, b.files().at(0).size);
    }

    void aRestartResumesAtTheCheckpoint()
    {
        const QString log = path(QStringLiteral("app.log"));
        append(log, lines(1, 6));
        auto file
            = store::TailCheckpointFile::open(path(QStringLiteral("checkpoints")).toStdString());
        QVERIFY(file);
        AgentFlow flow = flowFor(log);
        flow.initialPosition = AgentFlow::InitialPosition::EndOfFile;
        {
            // The first run starts at the end: lines 1-6 are not sent.
            FileTailer t(flow, m_clock, m_queue.sender(), file->get());
            QVERIFY(t.start());
            append(log, lines(7, 10));
            t.flush();
            m_queue.answer({2, 3}); // 7 and 8 acknowledged; 9 and 10 not
            m_clock.advance(FileTailer::kCheckpointEveryMs);
            t.tick();
            QVERIFY(t.saveCheckpoints());
            // stopped here, with lines 9 and 10 unacknowledged ("killed")
            m_queue.calls.clear();
        }
        append(log, lines(11, 12));
        const QString fresh = path(QStringLiteral("app.log.new"));
        {
            FileTailer again(flow, m_clock, m_queue.sender(), file->get());
            QVERIFY(again.start());
            run(again);
            QCOMPARE(m_queue.stored, split(lines(7, 12)));
        }
        // A file that was replaced while stopped (same name, new content shorter than the
        // checkpoint) is read from its start.
        m_queue.stored.clear();
        QVERIFY(QFile::remove(log));
        append(log, "replaced\n");
        {
            FileTailer third(flow, m_clock, m_queue.sender(), file->get());
            QVERIFY(third.start());
            run(third);
        }
        QCOMPARE(m_queue.stored, std::vector<std::string>{"replaced\n"});
        auto rows = (*file)->load(flow.id());
        QVERIFY(rows);
        QCOMPARE(rows->size(), std::size_t(1));
        QCOMPARE(rows->at(0).offset, std::int64_t(9));
        Q_UNUSED(fresh);
    }
};

QTEST_GUILESS_MAIN(TestFileTailer)
#include "tst_file_tailer.moc"
