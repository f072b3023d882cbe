// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "capacity_dialog.h"
#include "theme.h"

#include "error_text.h"
#include "metrics/metric_series.h"
#include "service/aws_cli.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

std::pair<int, int> CapacityDialog::shardCountBounds(int open)
{
    return {std::max(1, (open + 1) / 2), std::min(10'000, open * 2)};
}

CapacityDialog::CapacityDialog(service::StreamBackend &backend, const StreamInfo &stream,
                               QWidget *parent)
    : QDialog(parent), m_backend(backend), m_stream(stream), m_mode(new QLabel(this)),
      m_switch(new QPushButton(this)), m_target(new QSpinBox(this)),
      m_update(new QPushButton(tr("Update shard count"), this)), m_error(new QLabel(this)),
      m_copySwitch(new QPushButton(tr("Copy as AWS CLI"), this)),
      m_copyCount(new QPushButton(tr("Copy as AWS CLI"), this)), m_cost(new QLabel(this)),
      m_scaling(new QLabel(this))
{
    const QString name = QString::fromStdString(stream.name);
    setWindowTitle(tr("Capacity of %1").arg(name));
    auto *layout = new QVBoxLayout(this);

    const bool onDemand = stream.mode == StreamMode::OnDemand;
    auto *modeBox = new QGroupBox(tr("Capacity mode"), this);
    auto *modeLayout = new QVBoxLayout(modeBox);
    m_mode->setWordWrap(true);
    m_mode->setText(
        (onDemand ? tr(
             "<b>%1</b> is <b>on-demand</b>: Kinesis manages its shards, splitting hot ones and "
             "merging cold "
             "ones to keep room for twice the previous peak write rate; you pay per stream-hour "
             "and per GiB "
             "written and read. Switching to provisioned keeps the current shards and makes them "
             "yours to "
             "split, merge and scale; you then pay per shard-hour and per 25 KiB PUT payload unit.")
                  : tr("<b>%1</b> is <b>provisioned</b>: you choose the shards (each takes 1 MiB/s "
                       "or 1,000 records/s "
                       "of writes) and pay per shard-hour and per 25 KiB PUT payload unit. "
                       "Switching to on-demand hands "
                       "the shards to Kinesis, which scales them with the traffic; you then pay "
                       "per stream-hour and per "
                       "GiB written and read, and cannot reshard by hand."))
            .arg(name.toHtmlEscaped())
        + (stream.modeSwitchesLeft < 0
               ? tr("<br/>Kinesis allows two switches in a rolling 24 hours; the service does "
                    "not report how many are left.")
           : stream.modeSwitchesLeft == 1
               ? tr("<br/>1 switch left in the rolling 24 hours (Kinesis allows two).")
               : tr("<br/>%1 switches left in the rolling 24 hours (Kinesis allows two).")
                     .arg(stream.modeSwitchesLeft)));
    m_switch->setText(onDemand ? tr("Switch to provisioned") : tr("Switch to on-demand"));
    m_switch->setObjectName(QStringLiteral("switchMode"));
    modeLayout->addWidget(m_mode);
    auto *switchRow = new QHBoxLayout;
    switchRow->addStretch();
    switchRow->addWidget(m_copySwitch);
    switchRow->addWidget(m_switch);
    modeLayout->addLayout(switchRow);
    layout->addWidget(modeBox);

    auto *countBox = new QGroupBox(tr("Shard count (UpdateShardCount, uniform scaling)"), this);
    auto *countLayout = new QVBoxLayout(countBox);
    const auto [lo, hi] = shardCountBounds(stream.openShardCount);
    auto *hint = new QLabel(this);
    hint->setWordWrap(true);
    if (onDemand) {
        hint->setText(tr(
            "On-demand streams scale themselves; switch to provisioned to set the shard count."));
    } else {
        const QString left = stream.shardCountUpdatesLeft < 0
                                 ? tr("Kinesis allows 10 updates in a rolling 24 hours (the "
                                      "service does not report how "
                                      "many are left)")
                                 : tr("%1 of 10 updates left in the rolling 24 hours")
                                       .arg(stream.shardCountUpdatesLeft);
        hint->setText(
            tr("%1 open shards now. Kinesis accepts %2 to %3 in one step (at most double or half), "
               "re-cutting the key space into equal ranges; %4.")
                .arg(stream.openShardCount)
                .arg(lo)
                .arg(hi)
                .arg(left));
    }
    m_target->setRange(1, 20'000);
    m_target->setValue(std::min(hi, stream.openShardCount * 2));
    m_target->setSuffix(tr(" shards"));
    m_target->setEnabled(!onDemand);
    m_update->setObjectName(QStringLiteral("updateShardCount"));
    m_update->setEnabled(!onDemand);
    countLayout->addWidget(hint);
    auto *countRow = new QHBoxLayout;
    countRow->addWidget(m_target);
    countRow->addStretch();
    countRow->addWidget(m_copyCount);
    countRow->addWidget(m_update);
    countLayout->addLayout(countRow);
    layout->addWidget(countBox);

    // What it costs, and for on-demand what sizes it: the numbers behind the choice of mode.
    auto *costBox = new QGroupBox(tr("Cost and scaling"), this);
    auto *costLayout = new QVBoxLayout(costBox);
    for (QLabel *label : {m_scaling, m_cost}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        costLayout->addWidget(label);
    }
    m_cost->setObjectName(QStringLiteral("capacityCost"));
    m_scaling->setObjectName(QStringLiteral("capacityScaling"));
    m_scaling->hide();
    layout->addWidget(costBox);
    if (auto *engine = backend.embedded()) {
        m_cost->setText(tr("Metering…"));
        engine->costReport(StreamRef{stream.name, {}}, this, [this](Result<Engine::CostReport> r) {
            if (!r) {
                m_cost->setText(
                    explainError(tr("meter '%1'").arg(QString::fromStdString(m_stream.name)),
                                 r.error())
                        .toHtmlEscaped());
                return;
            }
            const qint64 now = m_backend.nowMs();
            m_cost->setText(describeCost(*r));
            const QString scaling = describeScaling(*r, now);
            m_scaling->setText(scaling);
            m_scaling->setVisible(!scaling.isEmpty());
        });
    } else {
        m_cost->setText(tr("A stream on a Kinesis endpoint is billed by its service (on AWS: the "
                           "bill and Cost Explorer); this workbench meters the embedded engine's "
                           "streams only."));
    }

    m_error->setObjectName(QStringLiteral("capacityError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(errorTextCss());
    m_error->hide();
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_switch, &QPushButton::clicked, this, &CapacityDialog::switchMode);
    connect(m_update, &QPushButton::clicked, this, &CapacityDialog::updateCount);
    connect(m_copySwitch, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(
            awscli::updateStreamMode(QString::fromStdString(m_stream.arn),
                                     m_stream.mode == StreamMode::OnDemand ? StreamMode::Provisioned
                                                                           : StreamMode::OnDemand));
    });
    m_copyCount->setEnabled(!onDemand);
    connect(m_copyCount, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(
            awscli::updateShardCount(QString::fromStdString(m_stream.name), m_target->value()));
    });
    setMinimumWidth(520);
}

namespace {
QString dollars(double d)
{
    return QStringLiteral("$%1").arg(d, 0, 'f', d != 0 && d < 0.01 ? 4 : 2);
}

QString engineTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString lines(const CostEstimate &c)
{
    QStringList parts;
    for (const auto &l : c.lines)
        if (l.dollars > 0)
            parts << QCoreApplication::translate("shs::ui::CapacityDialog", "%1 %2")
                         .arg(QString::fromStdString(l.item).toHtmlEscaped(), dollars(l.dollars));
    return parts.join(QStringLiteral(", "));
}

QString modeName(const std::string &mode)
{
    return mode == "ON_DEMAND"
               ? QCoreApplication::translate("shs::ui::CapacityDialog", "on-demand")
               : QCoreApplication::translate("shs::ui::CapacityDialog", "provisioned");
}
} // namespace

QString CapacityDialog::describeCost(const Engine::CostReport &r)
{
    const StreamUsage &u = r.usage;
    QString text
        = tr("<b>Cost so far</b>: <b>%1</b> as %2 over %3 (since %4 engine time, %5 list "
             "prices)")
              .arg(dollars(r.current.total), modeName(r.current.mode))
              .arg(formatAge(qint64(u.hours * 3600'000.0)))
              .arg(engineTime(u.sinceMs), QString::fromStdString(r.prices.region).toHtmlEscaped());
    const QString detail = lines(r.current);
    if (!detail.isEmpty())
        text += QStringLiteral(" — ") + detail;
    text += QStringLiteral(".<br/>");
    text += tr("The same traffic %1 would have cost <b>%2</b>")
                .arg(modeName(r.whatIf.mode), dollars(r.whatIf.total));
    if (r.whatIf.shardsAssumed > 0)
        text += r.whatIf.shardsAssumed == 1
                    ? tr(" with 1 shard for its peak")
                    : tr(" with %1 shards for its peak").arg(r.whatIf.shardsAssumed);
    text += tr(". Records: %1; in %2, out %3; peak %4 records/s.")
                .arg(QLocale().toString(qint64(u.records)), formatBytes(double(u.bytesIn)),
                     formatBytes(double(u.bytesOut)))
                .arg(QLocale().toString(qint64(u.peakRecordsInPerSecond)));
    return text;
}

QString CapacityDialog::describeScaling(const Engine::CostReport &r, qint64 nowMs)
{
    if (!r.onDemand)
        return {};
    const auto &o = *r.onDemand;
    QString text;
    if (o.peakAtMs == 0) {
        text = tr("<b>Scaling</b>: no writes in the last 30 days, so on-demand keeps its floor of "
                  "%1 shards")
                   .arg(o.wantedShards);
    } else {
        text = tr("<b>Scaling</b>: the peak is %1 records/s (%2/s), last reached %3 ago; "
                  "on-demand keeps room for twice it — %4 shards. The peak stops counting on "
                  "%5 engine time (30 days after it was reached)")
                   .arg(QLocale().toString(o.peakWriteRecordsPerSecond),
                        formatBytes(double(o.peakWriteBytesPerSecond)),
                        formatAge(std::max<qint64>(0, nowMs - o.peakAtMs)))
                   .arg(o.wantedShards)
                   .arg(engineTime(o.peakExpiresMs));
    }
    if (o.warmShards > o.minShards)
        text += tr("; warm throughput holds at least %1").arg(o.warmShards);
    text += QStringLiteral(". ");
    if (o.openShards > o.wantedShards) {
        const qint64 mergeAt = o.lastScaleMs + o.scaleDownAfterMs;
        text += mergeAt > nowMs
                    ? tr("%1 shards are open, more than it needs: cold neighbours merge from %2 "
                         "(15 minutes after the last split or merge).")
                          .arg(o.openShards)
                          .arg(engineTime(mergeAt))
                    : tr("%1 shards are open, more than it needs: cold neighbours (together under "
                         "a quarter of one shard) merge.")
                          .arg(o.openShards);
    } else {
        text += tr("%1 shards are open: none will merge until the peak ages out or warm "
                   "throughput is lowered.")
                    .arg(o.openShards);
    }
    return text;
}

void CapacityDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

void CapacityDialog::busy(bool on)
{
    m_switch->setEnabled(!on);
    m_update->setEnabled(!on && m_stream.mode == StreamMode::Provisioned);
}

void CapacityDialog::switchMode()
{
    UpdateStreamModeRequest req;
    req.stream.arn = m_stream.arn; // UpdateStreamMode takes the ARN only
    req.mode
        = m_stream.mode == StreamMode::OnDemand ? StreamMode::Provisioned : StreamMode::OnDemand;
    const QString target = QString::fromLatin1(toString(req.mode));
    busy(true);
    m_backend.submit(ops::UpdateStreamMode, std::move(req), this, [this, target](Result<void> r) {
        busy(false);
        if (!r) {
            showError(explainError(
                tr("switch '%1' to %2").arg(QString::fromStdString(m_stream.name), target),
                r.error()));
            return;
        }
        Q_EMIT started(tr("Switching '%1' to %2: the stream is UPDATING.")
                           .arg(QString::fromStdString(m_stream.name), target));
        accept();
    });
}

void CapacityDialog::updateCount()
{
    UpdateShardCountRequest req;
    req.stream.name = m_stream.name;
    req.targetShardCount = m_target->value();
    const int target = m_target->value();
    busy(true);
    m_backend.submit(ops::UpdateShardCount, std::move(req), this,
                     [this, target](Result<UpdateShardCountResult> r) {
                         busy(false);
                         if (!r) {
                             showError(explainError(tr("scale '%1' to %2 shards")
                                                        .arg(QString::fromStdString(m_stream.name))
                                                        .arg(target),
                                                    r.error()));
                             return;
                         }
                         Q_EMIT started(
                             tr("Scaling '%1' from %2 to %3 shards: the stream is UPDATING.")
                                 .arg(QString::fromStdString(m_stream.name))
                                 .arg(r->currentShardCount)
                                 .arg(r->targetShardCount));
                         accept();
                     });
}

} // namespace shs::ui
