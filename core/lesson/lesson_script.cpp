// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "lesson_script.h"

#include "goal_check.h"
#include "lesson_runner.h"

#include "engine/clock.h"
#include "engine/engine.h"
#include "producer/record_generator.h"
#include "service/aws_cli.h"
#include "store/memory_storage.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace shs::lesson {

namespace {

// What the script assumes AWS takes, for its run time and so its cost (Kinesis documents no
// figure; these are what streams of a few shards usually take).
constexpr double kControlSeconds = 30; ///< create, delete, reshard, mode switch until ACTIVE
constexpr double kQuickSeconds = 3;    ///< a call that needs no wait (retention, puts)
constexpr double kSettleSeconds = 5;   ///< beyond a goal's window, for metrics to catch up
constexpr int kWatchSeconds = 15;      ///< a step with traffic and no timed goal
constexpr int kMaxHoldSeconds = 120;
constexpr int kBatchLimit = 500; ///< records in one PutRecords call
constexpr int kPayloadUnitBytes = 25 * 1024;

QString q(const std::string &s)
{
    return awscli::quote(QString::fromStdString(s));
}

/// Narration (Qt rich text) as plain text for comments.
QString plainText(QString html)
{
    static const QRegularExpression breaks(QStringLiteral("</p>|<br\\s*/?>|</li>"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression items(QStringLiteral("<li[^>]*>"),
                                          QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression spaces(QStringLiteral("[ \\t]+"));
    html.replace(breaks, QStringLiteral("\n"));
    html.replace(items, QStringLiteral("- "));
    html.remove(tags);
    static const std::pair<const char *, const char *> entities[] = {
        {"&lt;", "<"},     {"&gt;", ">"},   {"&quot;", "\""}, {"&#39;", "'"},   {"&nbsp;", " "},
        {"&times;", "×"},  {"&rarr;", "→"}, {"&ndash;", "–"}, {"&mdash;", "—"}, {"&hellip;", "…"},
        {"&middot;", "·"}, {"&le;", "≤"},   {"&ge;", "≥"},    {"&amp;", "&"}};
    for (const auto &[entity, text] : entities)
        html.replace(QLatin1String(entity), QString::fromUtf8(text));
    html.replace(spaces, QStringLiteral(" "));
    return html.trimmed();
}

/// `text` as `# ` comment lines of at most `width` columns.
QString comment(const QString &text, const QString &indent = {}, int width = 96)
{
    QString out;
    for (const QString &paragraph : text.split(QLatin1Char('\n'))) {
        const QString p = paragraph.trimmed();
        if (p.isEmpty())
            continue;
        static const QRegularExpression item(QStringLiteral("^(- |[a-z]\\) )"));
        const QString hang = item.match(p).hasMatch() ? QStringLiteral("  ") : QString();
        QString line = QStringLiteral("# ") + indent;
        const int lineStart = int(line.size());
        for (const QString &word : p.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (line.size() > lineStart && line.size() + 1 + word.size() > width) {
                out += line + QLatin1Char('\n');
                line = QStringLiteral("# ") + indent + hang;
            } else if (line.size() > lineStart) {
                line += QLatin1Char(' ');
            }
            line += word;
        }
        out += line + QLatin1Char('\n');
    }
    return out;
}

QString dollars(double d)
{
    if (d >= 100)
        return QStringLiteral("$%1").arg(d, 0, 'f', 0);
    return QStringLiteral("$%1").arg(d, 0, 'f', d >= 0.1 ? 2 : 4);
}

QString quantity(double v)
{
    if (v >= 1000)
        return QLocale(QLocale::English).toString(qint64(std::llround(v)));
    return QString::number(v, 'g', 3);
}

QString duration(double seconds)
{
    const int s = int(std::lround(seconds));
    if (s < 120)
        return QStringLiteral("%1 s").arg(s);
    return QStringLiteral("%1 min").arg((s + 30) / 60);
}

/// The lesson played on an engine of our own, on a clock that only moves when told: what each
/// shard reference means when its action runs.
class Sim
{
  public:
    Sim() : m_clock(1'767'225'600'000, 0), m_engine(config(), m_clock, m_storage)
    {
        (void)m_engine.load();
    }

    core::Engine &engine() { return m_engine; }
    /// One second of engine time, with its transitions committed.
    void second()
    {
        m_clock.advance(1000);
        m_engine.tick();
        if (m_engine.hasPendingWrites())
            (void)m_storage.commit(m_engine.takePendingBatch());
    }
    std::optional<core::StreamInfo> stream(const std::string &name)
    {
        const auto snapshot = m_engine.snapshot();
        if (const auto *s = findStream(snapshot, name))
            return *s;
        return std::nullopt;
    }

  private:
    static core::EngineConfig config()
    {
        core::EngineConfig c;
        c.createDelayMs = c.deleteDelayMs = c.updateDelayMs = 0;
        return c;
    }
    core::ScaledClock m_clock;
    store::MemoryStorage m_storage;
    core::Engine m_engine;
};

/// The script's time line on AWS, per stream, priced like the engine's cost meter.
struct Billing
{
    struct Stream
    {
        core::StreamMode mode = core::StreamMode::Provisioned;
        int openShards = 0;
        int retentionHours = 24;
        double provisionedHours = 0;
        double onDemandHours = 0;
        std::set<std::string> provisionedShards; ///< every shard open while provisioned
        core::StreamUsage provisioned;
        core::StreamUsage onDemand;
    };
    struct Traffic
    {
        std::string stream;
        double rate = 0;
        int recordBytes = 0;
    };
    std::map<std::string, Stream> streams; ///< alive now or earlier
    std::set<std::string> alive;
    std::vector<Traffic> traffic;
    double seconds = 0;

    void advance(double dt)
    {
        seconds += dt;
        const double h = dt / 3600;
        for (const auto &name : alive) {
            auto &s = streams[name];
            const bool provisioned = s.mode == core::StreamMode::Provisioned;
            auto &u = provisioned ? s.provisioned : s.onDemand;
            u.hours += h;
            (provisioned ? s.provisionedHours : s.onDemandHours) += h;
            if (provisioned) {
                u.shardHours += s.openShards * h;
                if (s.retentionHours > 24)
                    u.extendedRetentionShardHours += s.openShards * h;
            } else {
                u.streamHours += h;
            }
        }
        for (const auto &t : traffic)
            if (alive.count(t.stream))
                book(t.stream, std::llround(t.rate * dt), t.recordBytes);
    }
    /// `records` of `bytes` each written to `stream`, in its current mode.
    void book(const std::string &stream, std::int64_t records, std::int64_t bytes)
    {
        auto &s = streams[stream];
        auto &u = s.mode == core::StreamMode::Provisioned ? s.provisioned : s.onDemand;
        u.records += records;
        u.bytesIn += records * bytes;
        u.putPayloadUnits += records * ((bytes + kPayloadUnitBytes - 1) / kPayloadUnitBytes);
        u.onDemandBilledBytesIn += records * ((bytes + 1023) / 1024) * 1024;
    }
    void observe(const core::StreamInfo &info)
    {
        auto &s = streams[info.name];
        s.mode = info.mode;
        s.openShards = info.openShardCount;
        s.retentionHours = info.retentionHours;
        if (info.mode == core::StreamMode::Provisioned)
            for (const auto &shard : info.shards)
                if (shard.open)
                    s.provisionedShards.insert(shard.shardId);
        alive.insert(info.name);
    }
    void forget(const std::string &name)
    {
        alive.erase(name);
        traffic.erase(std::remove_if(traffic.begin(), traffic.end(),
                                     [&](const Traffic &t) { return t.stream == name; }),
                      traffic.end());
    }
    core::CostEstimate cost(const core::PriceTable &prices, double *wholeHours) const
    {
        core::CostEstimate total;
        total.mode = "LESSON";
        std::map<std::string, core::CostLine> lines;
        std::vector<std::string> order;
        auto add = [&](const core::CostEstimate &e) {
            for (const auto &l : e.lines) {
                if (!lines.count(l.item)) {
                    order.push_back(l.item);
                    lines[l.item] = {l.item, 0, l.unit, 0};
                }
                lines[l.item].quantity += l.quantity;
                lines[l.item].dollars += l.dollars;
            }
            total.total += e.total;
        };
        double whole = 0;
        for (const auto &[name, s] : streams) {
            if (s.provisioned.hours > 0) {
                const auto c = core::provisionedCost(s.provisioned, prices, false);
                add(c);
                // Every shard that was open, for every started hour of the stream's life.
                whole += c.total - s.provisioned.shardHours * prices.shardHour
                         + double(s.provisionedShards.size()) * std::ceil(s.provisionedHours)
                               * prices.shardHour;
            }
            if (s.onDemand.hours > 0) {
                const auto c = core::onDemandCost(s.onDemand, prices, false);
                add(c);
                whole += c.total - s.onDemand.streamHours * prices.onDemandStreamHour
                         + std::ceil(s.onDemandHours) * prices.onDemandStreamHour;
            }
        }
        for (const auto &item : order)
            if (lines[item].quantity > 0)
                total.lines.push_back(lines[item]);
        if (wholeHours)
            *wholeHours = std::max(whole, total.total);
        return total;
    }
};

/// The script's helpers, after its header.
constexpr const char kPrelude[] = R"sh(set -euo pipefail

export AWS_PAGER=""
HOLD_FACTOR=${HOLD_FACTOR:-1}   # scales the waits for traffic (holds)
POLL_SECONDS=${POLL_SECONDS:-2} # between looks at a stream that is becoming ACTIVE
if ! command aws --version 2>&1 | grep -q '^aws-cli/2'; then
    echo "This script needs the AWS CLI v2 (found: $(command aws --version 2>&1 || echo none))." >&2
    exit 1
fi
# Each command is shown, then run; SHS_ENDPOINT points them at another endpoint.
aws() { printf '$ aws %s\n' "$*" >&2; aws_quiet "$@"; }
aws_quiet() { command aws ${SHS_ENDPOINT:+--endpoint-url "$SHS_ENDPOINT"} "$@"; }
work=$(mktemp -d)
streams=()
generators=()
stop_generators() {
    if ((${#generators[@]})); then
        kill "${generators[@]}" 2>/dev/null || true
        wait "${generators[@]}" 2>/dev/null || true
    fi
    generators=()
    report_puts
}
cleanup() {
    stop_generators
    local s
    for s in "${streams[@]}"; do
        aws_quiet kinesis delete-stream --stream-name "$s" --enforce-consumer-deletion 2>/dev/null \
            && echo "Deleted the stream $s." || echo "Could not delete the stream $s: delete it yourself." >&2
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
step() { printf '\n== Step %s of %s: %s\n' "$1" "$2" "$3"; }
wait_active() { # STREAM: until it is ACTIVE (AWS takes seconds to minutes)
    local status
    for _ in $(seq 600); do
        status=$(aws_quiet kinesis describe-stream-summary --stream-name "$1" \
            --query StreamDescriptionSummary.StreamStatus --output text)
        [ "$status" = ACTIVE ] && return 0
        sleep "$POLL_SECONDS"
    done
    echo "The stream $1 is still $status; giving up." >&2
    exit 1
}
wait_gone() { # STREAM: until it no longer exists
    for _ in $(seq 600); do
        aws_quiet kinesis describe-stream-summary --stream-name "$1" >/dev/null 2>&1 || return 0
        sleep "$POLL_SECONDS"
    done
}
stream_arn() {
    aws_quiet kinesis describe-stream-summary --stream-name "$1" \
        --query StreamDescriptionSummary.StreamARN --output text
}
show_shards() { # STREAM: its open shards and their hash-key ranges
    echo "   The open shards of $1, and the hash keys each takes:"
    aws_quiet kinesis list-shards --stream-name "$1" --output text \
        --query 'Shards[?SequenceNumberRange.EndingSequenceNumber==`null`].[ShardId,HashKeyRange.StartingHashKey,HashKeyRange.EndingHashKey]' |
        awk '{ printf "     %s  %39s to %s\n", $1, $2, $3 }'
}
report_puts() { # what the generators' calls sent and had refused since the last report
    [ -s "$work/puts" ] || return 0
    awk '{ s += $1; r += $2 } END { printf "   put-records: %d records sent, %d refused (ProvisionedThroughputExceededException)\n", s, r }' "$work/puts"
    : >"$work/puts"
}
hold() { # SECONDS WHY: lets the traffic run
    echo "   Waiting ${1} s: $2"
    sleep "$(awk -v s="$1" -v f="$HOLD_FACTOR" 'BEGIN { print s * f }')"
    report_puts
}
hold_until_refused() { # SECONDS WHY: as hold, then on until a record is refused (60 s at most)
    local waited=0
    echo "   Waiting ${1} s: $2"
    sleep "$(awk -v s="$1" -v f="$HOLD_FACTOR" 'BEGIN { print s * f }')"
    # A slow machine's AWS CLI may not yet have sent more than the shards take.
    while ((waited < 60)) && ! awk '{ r += $2 } END { exit !(r > 0) }' "$work/puts" 2>/dev/null; do
        ((waited > 0)) || echo "   Nothing refused yet: waiting for the throttling (60 s at most)"
        sleep 1
        waited=$((waited + 1))
    done
    report_puts
}
sample_keys() { # DISTRIBUTION KEYS COUNT SEED: partition keys drawn as the workbench draws them
    awk -v d="$1" -v n="$2" -v c="$3" -v seed="$4" 'BEGIN {
        srand(seed)
        if (d == "zipf") for (k = 1; k <= n; k++) { s += 1 / (k ^ @ZIPF@); cdf[k] = s }
        for (i = 0; i < c; i++) {
            if (d == "uniform") k = int(rand() * n)
            else if (d == "hotkey") k = (n == 1 || rand() < @HOT@) ? 0 : 1 + int(rand() * (n - 1))
            else if (d == "sequential") k = i % n
            else { # zipf: the first rank whose cumulative weight reaches u
                u = rand() * s; lo = 1; hi = n
                while (lo < hi) { m = int((lo + hi) / 2); if (cdf[m] < u) lo = m + 1; else hi = m }
                k = lo - 1
            }
            printf "%s@PREFIX@%d", (i ? " " : ""), k
        }
    }'
}
start_generator() { # STREAM LOOPS BATCH BYTES DISTRIBUTION KEYS SEED: LOOPS calls a second of BATCH records
    local stream=$1 loops=$2 bytes=$4 data sep="" key batch i
    batch="$work/batch-${#generators[@]}-$RANDOM.json"
    data=$(head -c "$bytes" /dev/zero | tr '\0' x | base64 -w0)
    {
        printf '['
        for key in $(sample_keys "$5" "$6" "$3" "$7"); do
            printf '%s{"Data":"%s","PartitionKey":"%s"}' "$sep" "$data" "$key"
            sep=,
        done
        printf ']'
    } >"$batch"
    echo "   $loops x put-records of $3 records of $bytes bytes a second to $stream ($6 keys, $5)"
    for ((i = 0; i < loops; i++)); do
        (
            trap - EXIT
            while :; do
                sleep 1 &
                aws_quiet kinesis put-records --stream-name "$stream" --records "file://$batch" \
                    --query '[length(Records), FailedRecordCount]' --output text >>"$work/puts" 2>/dev/null || true
                wait
            done
        ) &
        generators+=("$!")
    done
}
)sh";

class Writer
{
  public:
    Writer(const Lesson &lesson, const core::PriceTable &prices)
        : m_lesson(lesson), m_prices(prices)
    {}

    LessonScript write(const QString &fileName);

  private:
    void action(const Action &a, int stepIndex);
    void hold(const Step &step);
    QString fail(const Action &a, const QString &why)
    {
        return QStringLiteral("%1 (line %2): %3").arg(a.path).arg(a.line).arg(why);
    }
    void note(const QString &text)
    {
        if (!m_notes.contains(text))
            m_notes << text;
    }
    void showShards(const std::string &stream)
    {
        m_body += QStringLiteral("show_shards %1\n").arg(q(stream));
    }
    void waitActive(const std::string &stream)
    {
        m_body += QStringLiteral("wait_active %1\n").arg(q(stream));
        m_billing.advance(kControlSeconds);
    }
    /// After a control call: the engine played forward, the script waiting for ACTIVE, then
    /// showing the stream's open shards.
    void untilActive(const std::string &stream)
    {
        settle(stream);
        waitActive(stream);
        showShards(stream);
    }
    /// Plays the engine forward until `stream` is ACTIVE (or gone), then books what it shows.
    void settle(const std::string &stream)
    {
        for (int i = 0; i < 5; ++i) {
            m_sim.second();
            const auto s = m_sim.stream(stream);
            if (!s || s->status == core::StreamStatus::Active)
                break;
        }
        if (const auto s = m_sim.stream(stream))
            m_billing.observe(*s);
    }

    const Lesson &m_lesson;
    const core::PriceTable &m_prices;
    Sim m_sim;
    Billing m_billing;
    QString m_body;
    QString m_error;
    QStringList m_notes;
    std::vector<std::string> m_created; ///< every stream the lesson creates, in order
    std::size_t m_running = 0;          ///< generators started and not stopped
};

void Writer::action(const Action &a, int stepIndex)
{
    if (!m_error.isEmpty())
        return;
    auto &engine = m_sim.engine();
    const auto stream = m_sim.stream(a.stream);
    const QString name = QString::fromStdString(a.stream);
    auto refused
        = [&](const core::Error &e) { m_error = fail(a, QString::fromStdString(e.toString())); };
    const bool needsStream = a.kind != Action::Kind::CreateStream
                             && a.kind != Action::Kind::StopGenerators
                             && a.kind != Action::Kind::SetSpeed;
    if (needsStream && !stream) {
        m_error = fail(a, QStringLiteral("there is no stream %1 at this point").arg(name));
        return;
    }
    const core::StreamRef ref{a.stream, {}};
    m_body += comment(a.describe());
    switch (a.kind) {
    case Action::Kind::CreateStream: {
        const auto r = createStreamRequest(a);
        if (auto ok = engine.createStream(r); !ok)
            return refused(ok.error());
        m_body += awscli::createStream(r) + QLatin1Char('\n');
        m_body += QStringLiteral("streams+=(%1)\n").arg(q(a.stream));
        if (std::find(m_created.begin(), m_created.end(), a.stream) == m_created.end())
            m_created.push_back(a.stream);
        untilActive(a.stream);
        return;
    }
    case Action::Kind::DeleteStream: {
        if (auto ok = engine.deleteStream({ref, true}); !ok)
            return refused(ok.error());
        core::DeleteStreamRequest r{ref, true};
        m_body += awscli::command(core::ops::DeleteStream, r) + QLatin1Char('\n');
        m_body += QStringLiteral("wait_gone %1\n").arg(q(a.stream));
        m_billing.advance(kControlSeconds);
        m_billing.forget(a.stream);
        m_sim.second();
        return;
    }
    case Action::Kind::StartGenerator: {
        // Loops of one PutRecords call a second each, with keys drawn from the generator's
        // distribution (sample_keys in the script, seeded by the step and the generator).
        const int rate = std::max(1, int(std::ceil(a.rate)));
        const int loops = (rate + kBatchLimit - 1) / kBatchLimit;
        const int batch = (rate + loops - 1) / loops;
        const QString line = QStringLiteral("start_generator %1 %2 %3 %4 %5 %6 %7")
                                 .arg(q(a.stream))
                                 .arg(loops)
                                 .arg(batch)
                                 .arg(a.recordBytes)
                                 .arg(QString::fromStdString(a.distribution))
                                 .arg(a.keys)
                                 .arg(generatorSeed(stepIndex, m_running++));
        m_body += line + QLatin1Char('\n');
        m_billing.traffic.push_back({a.stream, double(loops * batch), a.recordBytes});
        if (loops > 1)
            note(QStringLiteral("The AWS CLI starts a process for every call, so a generator of %1 "
                                "records/s becomes %2 loops, each sending %3 records in one "
                                "put-records call a second; a slow machine sends fewer.")
                     .arg(rate)
                     .arg(loops)
                     .arg(batch));
        if (a.retry)
            note(QStringLiteral("The workbench's generator resends refused records with backoff; "
                                "the script's loops count them and do not resend them (the CLI "
                                "retries a throttled call, not the refused entries of one)."));
        return;
    }
    case Action::Kind::StopGenerators:
        m_body += QStringLiteral("stop_generators\n");
        m_billing.traffic.clear();
        m_running = 0;
        return;
    case Action::Kind::SetSpeed:
        m_body += QStringLiteral("# (no AWS equivalent: time on AWS always runs at 1×)\n");
        note(a.speed == 0 ? QStringLiteral("The lesson pauses engine time; on AWS time never "
                                           "stops, so the script goes on.")
                          : QStringLiteral("The lesson runs engine time at %1×; on AWS time runs "
                                           "at 1×, so the script's waits are real seconds.")
                                .arg(a.speed));
        return;
    case Action::Kind::Split: {
        const auto shard = resolveShard(*stream, a.shard);
        if (!shard || !shard->open) {
            m_error = fail(a, QStringLiteral("%1 is not an open shard of %2")
                                  .arg(QString::fromStdString(a.shard.describe()), name));
            return;
        }
        const std::string key = splitKey(*shard, a.at);
        if (auto ok = engine.splitShard({ref, shard->shardId, key}); !ok)
            return refused(ok.error());
        if (shard->shardId != a.shard.shardId)
            m_body += comment(QStringLiteral("%1 is %2, hash keys %3 to %4")
                                  .arg(QString::fromStdString(a.shard.describe()),
                                       QString::fromStdString(shard->shardId),
                                       QString::fromStdString(shard->startingHashKey.toDecimal()),
                                       QString::fromStdString(shard->endingHashKey.toDecimal())));
        m_body += awscli::splitShard(name, QString::fromStdString(shard->shardId),
                                     QString::fromStdString(key))
                  + QLatin1Char('\n');
        untilActive(a.stream);
        return;
    }
    case Action::Kind::Merge: {
        const auto lower = resolveShard(*stream, a.shard);
        const auto upper = resolveShard(*stream, a.with);
        if (!lower || !upper) {
            m_error = fail(
                a, QStringLiteral("%1 has no shard %2")
                       .arg(name, QString::fromStdString((!lower ? a.shard : a.with).describe())));
            return;
        }
        if (auto ok = engine.mergeShards({ref, lower->shardId, upper->shardId}); !ok)
            return refused(ok.error());
        m_body += comment(QStringLiteral("%1 is %2 and %3 is %4")
                              .arg(QString::fromStdString(a.shard.describe()),
                                   QString::fromStdString(lower->shardId),
                                   QString::fromStdString(a.with.describe()),
                                   QString::fromStdString(upper->shardId)));
        m_body += awscli::mergeShards(name, QString::fromStdString(lower->shardId),
                                      QString::fromStdString(upper->shardId))
                  + QLatin1Char('\n');
        untilActive(a.stream);
        return;
    }
    case Action::Kind::UpdateShardCount: {
        core::UpdateShardCountRequest r;
        r.stream = ref;
        r.targetShardCount = a.target;
        if (auto ok = engine.updateShardCount(r); !ok)
            return refused(ok.error());
        m_body += awscli::updateShardCount(name, a.target) + QLatin1Char('\n');
        untilActive(a.stream);
        return;
    }
    case Action::Kind::SetCapacityMode: {
        const auto mode = modeOf(a.mode);
        if (stream->mode == mode) {
            m_body += QStringLiteral("# (already %1)\n").arg(QString::fromStdString(a.mode));
            return;
        }
        core::UpdateStreamModeRequest r;
        r.stream.arn = stream->arn;
        r.mode = mode;
        if (auto ok = engine.updateStreamMode(r); !ok)
            return refused(ok.error());
        // The command takes the stream's ARN, which names the account: the script asks for it.
        QString line = awscli::updateStreamMode(QStringLiteral("ARN"), mode);
        line.replace(QStringLiteral("--stream-arn ARN"),
                     QStringLiteral("--stream-arn \"$(stream_arn %1)\"").arg(q(a.stream)));
        m_body += line + QLatin1Char('\n');
        untilActive(a.stream);
        return;
    }
    case Action::Kind::SetRetention: {
        if (stream->retentionHours == a.hours) {
            m_body += QStringLiteral("# (already %1 hours)\n").arg(a.hours);
            return;
        }
        const bool increase = a.hours > stream->retentionHours;
        const core::RetentionRequest r{ref, a.hours};
        if (auto ok = increase ? engine.increaseStreamRetentionPeriod(r)
                               : engine.decreaseStreamRetentionPeriod(r);
            !ok)
            return refused(ok.error());
        m_body += awscli::updateRetention(name, a.hours, increase) + QLatin1Char('\n');
        settle(a.stream);
        m_body += QStringLiteral("wait_active %1\n").arg(q(a.stream));
        m_billing.advance(kQuickSeconds);
        return;
    }
    case Action::Kind::PutRecords: {
        core::PutRecordsRequest r;
        r.stream = ref;
        for (int i = 0; i < a.count; ++i)
            r.records.push_back({a.data, a.key, std::nullopt});
        if (auto ok = engine.putRecords(core::PutRecordsRequest(r)); !ok)
            return refused(ok.error());
        settle(a.stream);
        QString line = awscli::putRecords(r);
        m_body += line
                  + QStringLiteral(" \\\n    --query 'Records[].[ShardId,SequenceNumber]' "
                                   "--output text\n");
        m_billing.book(a.stream, a.count, std::int64_t(a.data.size() + a.key.size()));
        m_billing.advance(kQuickSeconds);
        return;
    }
    }
}

void Writer::hold(const Step &step)
{
    if (m_billing.traffic.empty())
        return;
    int seconds = 0;
    bool throttling = false; // the goal wants refused writes: the hold waits until there are some
    QString why;
    if (step.goal)
        for (const auto &c : step.goal->checks) {
            throttling = throttling || c.kind == Check::Kind::Throttled;
            if (needsMetrics(c) && c.seconds > seconds) {
                seconds = c.seconds;
                why = QStringLiteral("the goal looks at the last %1 s").arg(c.seconds);
            }
        }
    if (seconds == 0) {
        seconds = kWatchSeconds;
        why = QStringLiteral("traffic for the step to show");
    } else {
        seconds = std::min(kMaxHoldSeconds, seconds + int(kSettleSeconds));
    }
    m_body += QStringLiteral("%1 %2 %3\n")
                  .arg(throttling ? QStringLiteral("hold_until_refused") : QStringLiteral("hold"))
                  .arg(seconds)
                  .arg(awscli::quote(why));
    m_billing.advance(seconds);
}

LessonScript Writer::write(const QString &fileName)
{
    const int steps = int(m_lesson.steps.size());
    for (int i = 0; i < steps && m_error.isEmpty(); ++i) {
        const Step &step = m_lesson.steps[std::size_t(i)];
        m_body += QStringLiteral("\n") + QString(98, QLatin1Char('#')) + QLatin1Char('\n');
        m_body += QStringLiteral("step %1 %2 %3\n")
                      .arg(i + 1)
                      .arg(steps)
                      .arg(awscli::quote(step.title));
        m_body += comment(plainText(step.narration));
        for (const auto &a : step.actions)
            action(a, i);
        if (step.goal) {
            m_body += QStringLiteral("#\n") + comment(QStringLiteral("Goal: ") + step.goal->text);
            for (const auto &c : step.goal->checks)
                m_body += comment(QStringLiteral("- ") + c.describe(), QStringLiteral("  "));
            if (!step.goal->showMe.empty() && !m_billing.traffic.empty()) {
                // Let the audience see what the step fixes before the fix.
                m_body += QStringLiteral("hold %1 %2\n")
                              .arg(kWatchSeconds)
                              .arg(awscli::quote(QStringLiteral("the traffic before the change")));
                m_billing.advance(kWatchSeconds);
            }
            if (!step.goal->showMe.empty())
                m_body += QStringLiteral("# Show me:\n");
            for (const auto &a : step.goal->showMe)
                action(a, i);
        }
        hold(step);
        if (step.question) {
            const auto &qn = *step.question;
            m_body += QStringLiteral("#\n") + comment(QStringLiteral("Question: ") + qn.text);
            for (int c = 0; c < qn.choices.size(); ++c)
                m_body += comment(QStringLiteral("%1) %2%3")
                                      .arg(QChar(u'a' + c))
                                      .arg(qn.choices[c], c == qn.answer
                                                              ? QStringLiteral("   ← the answer")
                                                              : QString()),
                                  QStringLiteral("  "));
            m_body += comment(plainText(qn.explanation), QStringLiteral("  "));
        }
    }
    LessonScript out;
    if (!m_error.isEmpty()) {
        out.error = m_error;
        return out;
    }
    m_billing.traffic.clear(); // the cleanup stops the generators, then deletes the streams
    m_billing.advance(kControlSeconds);
    out.runSeconds = m_billing.seconds;
    out.cost = m_billing.cost(m_prices, &out.wholeHourTotal);
    out.notes = m_notes;

    QString t;
    t += QStringLiteral("#!/usr/bin/env bash\n");
    t += comment(
        QStringLiteral("%1 — a Shardscope lesson as an AWS CLI script").arg(m_lesson.title));
    t += comment(QStringLiteral("Written by Shardscope from the lesson \"%1\" (%2, format %3).")
                     .arg(m_lesson.id, QString::fromLatin1(kFormatName))
                     .arg(kFormatVersion));
    t += QStringLiteral("#\n");
    t += comment(QStringLiteral(
        "It replays the lesson's \"show me\" path on Amazon Kinesis Data Streams with the AWS "
        "CLI v2, in the account and region your AWS CLI is configured for (AWS_PROFILE, "
        "AWS_REGION choose others). Open the streams in the Kinesis console, or connect "
        "Shardscope's remote mode to the same account, to watch what it does."));
    t += QStringLiteral("#\n");
    t += comment(QStringLiteral("What it costs, at the %1 list prices Shardscope's cost meter uses "
                                "(check aws.amazon.com/kinesis/data-streams/pricing):")
                     .arg(QString::fromStdString(m_prices.region)));
    t += comment(QStringLiteral("about %1 for a run of about %2, prorated:")
                     .arg(dollars(out.cost.total), duration(out.runSeconds)),
                 QStringLiteral("  "));
    for (const auto &l : out.cost.lines)
        t += comment(
            QStringLiteral("%1: %2 %3, %4")
                .arg(QString::fromStdString(l.item))
                .arg(quantity(l.quantity), QString::fromStdString(l.unit), dollars(l.dollars)),
            QStringLiteral("    "));
    t += comment(QStringLiteral("at most %1 if every started shard-hour and stream-hour is billed "
                                "as a whole hour.")
                     .arg(dollars(out.wholeHourTotal)),
                 QStringLiteral("  "));
    t += comment(
        QStringLiteral(
            "The script deletes its streams when it ends, also on an error or Ctrl-C. "
            "If it is killed before that, delete them yourself: a provisioned shard costs "
            "%1 a day and an on-demand stream %2 a day plus its data.")
            .arg(dollars(24 * m_prices.shardHour), dollars(24 * m_prices.onDemandStreamHour)),
        QStringLiteral("  "));
    if (!out.notes.isEmpty()) {
        t += QStringLiteral("#\n# What differs from the workbench:\n");
        for (const auto &n : out.notes)
            t += comment(QStringLiteral("- ") + n, QStringLiteral("  "));
    }
    t += QStringLiteral("#\n");
    t += comment(QStringLiteral("Rehearse it on Shardscope's own endpoint first (HOLD_FACTOR=0.2 "
                                "shortens the waits for traffic):"));
    t += QStringLiteral("#   shardscope-cli serve --listen 127.0.0.1:4567 &\n");
    t += QStringLiteral("#   SHS_ENDPOINT=http://127.0.0.1:4567 AWS_ACCESS_KEY_ID=x "
                        "AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 \\\n#     bash %1\n")
             .arg(fileName);
    producer::GeneratorSpec spec;
    const producer::RecordGenerator keys(spec, 1);
    t += QString::fromUtf8(kPrelude)
             .replace(QStringLiteral("@ZIPF@"), QString::number(spec.zipfExponent))
             .replace(QStringLiteral("@HOT@"),
                      QString::number(producer::RecordGenerator::kHotShare))
             .replace(QStringLiteral("@PREFIX@"),
                      QString::fromStdString(keys.keyName(0)).chopped(1));
    // Refuse to touch streams that exist already: they are someone's.
    QStringList names;
    for (const auto &n : m_created)
        names << q(n);
    t += QStringLiteral("for s in %1; do\n").arg(names.join(QLatin1Char(' ')));
    t += QStringLiteral(
        "    if aws_quiet kinesis describe-stream-summary --stream-name \"$s\" >/dev/null 2>&1; "
        "then\n        echo \"A stream named $s exists already here; the script leaves it alone "
        "and stops. Delete or rename it, or use another region.\" >&2\n        exit 1\n    "
        "fi\ndone\n");
    t += QStringLiteral("echo %1\n")
             .arg(awscli::quote(
                 QStringLiteral("%1: about %2 on AWS, about %3.")
                     .arg(m_lesson.title, duration(out.runSeconds), dollars(out.cost.total))));
    t += m_body;
    t += QStringLiteral("\n") + QString(98, QLatin1Char('#')) + QLatin1Char('\n');
    t += QStringLiteral("echo\necho \"The lesson is done; its streams are deleted now.\"\n");
    out.text = t;
    return out;
}

} // namespace

LessonScript awsCliScript(const Lesson &lesson, const QString &fileName,
                          const core::PriceTable &prices)
{
    Writer writer(lesson, prices);
    return writer.write(fileName);
}

LessonScript writeAwsCliScript(const Lesson &lesson, const QString &path, bool *fileError)
{
    if (fileError)
        *fileError = false;
    LessonScript script = awsCliScript(lesson, QFileInfo(path).fileName());
    if (!script.ok())
        return script;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(script.text.toUtf8()) < 0 || !file.flush()) {
        script.error = file.errorString();
        if (fileError)
            *fileError = true;
        return script;
    }
    file.setPermissions(file.permissions() | QFileDevice::ExeOwner | QFileDevice::ExeUser);
    return script;
}

} // namespace shs::lesson
