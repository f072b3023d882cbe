// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "publish_panel.h"
#include "tail_file_form.h"
#include "theme.h"

#include "engine/metrics.h"
#include "error_text.h"
#include "service/aws_cli.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

namespace {
enum RunColumn {
    StreamCol,
    SpecCol,
    AckCol,
    ThrottledCol,
    FailedCol,
    ActionCol, // before the state, which can grow long, so Stop never leaves the view
    StateCol,
    ColumnCount
};
}

PublishPanel::PublishPanel(service::StreamBackend &backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_title(new QLabel(this)),
      m_partitionKey(new QLineEdit(this)), m_explicitHashKey(new QLineEdit(this)),
      m_data(new QPlainTextEdit(this)), m_format(new QComboBox(this)),
      m_send(new QPushButton(tr("Put record"), this)),
      m_copyCli(new QPushButton(tr("Copy as AWS CLI"), this)), m_result(new QLabel(this)),
      m_rate(new QDoubleSpinBox(this)), m_size(new QSpinBox(this)), m_keys(new QSpinBox(this)),
      m_distribution(new QComboBox(this)), m_zipf(new QDoubleSpinBox(this)),
      m_template(new QComboBox(this)), m_retry(new QCheckBox(tr("Retry throttled"), this)),
      m_path(new QComboBox(this)), m_start(new QPushButton(tr("Start generator"), this)),
      m_source(new QComboBox(this)), m_generated(new QWidget(this)), m_tail(new TailFileForm(this)),
      m_runs(new QTableWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);

    auto *one = new QGroupBox(tr("One record (PutRecord)"), this);
    auto *form = new QFormLayout(one);
    m_partitionKey->setObjectName(QStringLiteral("publishPartitionKey"));
    m_partitionKey->setPlaceholderText(tr("required, 1–256 characters"));
    m_explicitHashKey->setObjectName(QStringLiteral("publishExplicitHashKey"));
    m_explicitHashKey->setPlaceholderText(
        tr("optional: a decimal 0 … 2^128−1 that overrides the key's hash"));
    m_data->setObjectName(QStringLiteral("publishData"));
    m_data->setPlaceholderText(tr("the record's data"));
    m_data->setFixedHeight(m_data->fontMetrics().lineSpacing() * 3 + 12);
    m_format->addItem(tr("Text (UTF-8)"), int(DataFormat::Text));
    m_format->addItem(tr("JSON"), int(DataFormat::Json));
    m_format->addItem(tr("Hex bytes"), int(DataFormat::Hex));
    m_send->setObjectName(QStringLiteral("publishSend"));
    m_send->setToolTip(tr("PutRecord (Ctrl+Return)"));
    auto *sendShortcut = new QAction(this);
    sendShortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    sendShortcut->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(sendShortcut, &QAction::triggered, this, [this] {
        if (m_send->isEnabled())
            sendOne();
    });
    addAction(sendShortcut);
    // Ctrl+G starts a generator with the form's settings while the Publish tab shows.
    auto *startShortcut = new QAction(this);
    startShortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    startShortcut->setShortcutContext(Qt::WindowShortcut);
    connect(startShortcut, &QAction::triggered, this, [this] {
        if (m_start->isEnabled() && isVisible())
            startGenerator();
    });
    addAction(startShortcut);
    m_result->setObjectName(QStringLiteral("publishResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(tr("Partition key"), m_partitionKey);
    form->addRow(tr("ExplicitHashKey"), m_explicitHashKey);
    form->addRow(tr("Data"), m_data);
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(new QLabel(tr("as"), this));
    sendRow->addWidget(m_format);
    sendRow->addStretch();
    sendRow->addWidget(m_copyCli);
    sendRow->addWidget(m_send);
    form->addRow(QString(), sendRow);
    form->addRow(m_result);
    layout->addWidget(one);
    connect(m_send, &QPushButton::clicked, this, &PublishPanel::sendOne);
    m_copyCli->setToolTip(tr("Copy the equivalent `aws kinesis put-record` command line"));
    connect(m_copyCli, &QPushButton::clicked, this, &PublishPanel::copyAsCli);

    auto *gen = new QGroupBox(tr("Generators"), this);
    auto *genLayout = new QVBoxLayout(gen);
    auto *sourceRow = new QHBoxLayout;
    auto *sourceLabel = new QLabel(tr("Source"), this);
    sourceLabel->setBuddy(m_source);
    m_source->setObjectName(QStringLiteral("generatorSource"));
    m_source->addItem(tr("Generated records"));
    m_source->addItem(tr("Tail a file (as the Kinesis Agent)"));
    m_source->setToolTip(tr("Generated records: a seeded generator at a rate you choose.\nTail "
                            "a file: the lines a program writes to a file, shipped as the "
                            "Kinesis Agent ships them."));
    sourceRow->addWidget(sourceLabel);
    sourceRow->addWidget(m_source);
    sourceRow->addStretch();
    // Starting beside the source, so the form is no taller than its settings.
    m_start->setObjectName(QStringLiteral("generatorStart"));
    m_start->setToolTip(tr("Start a generator with these settings (Ctrl+G)"));
    sourceRow->addWidget(m_start);
    genLayout->addLayout(sourceRow);
    auto *generatedLayout = new QVBoxLayout(m_generated);
    generatedLayout->setContentsMargins(0, 0, 0, 0);
    auto *row1 = new QHBoxLayout;
    m_rate->setRange(1, 100000);
    m_rate->setDecimals(0);
    m_rate->setValue(500);
    m_rate->setSuffix(tr(" records/s"));
    m_rate->setToolTip(tr("Per second of engine time, so the shard limits apply as on AWS"));
    m_size->setRange(1, 1024 * 1024);
    m_size->setValue(200);
    m_size->setSuffix(tr(" B"));
    m_keys->setRange(1, producer::RecordGenerator::kMaxDistinctKeys);
    m_keys->setValue(1000);
    m_keys->setSuffix(tr(" keys"));
    for (auto d : {producer::KeyDistribution::Uniform, producer::KeyDistribution::Zipf,
                   producer::KeyDistribution::HotKey, producer::KeyDistribution::Sequential})
        m_distribution->addItem(QString::fromLatin1(toString(d)), int(d));
    m_distribution->setToolTip(
        tr("Uniform: every key alike. Zipf: rank k gets ∝ 1/k^s. One hot key: key 0 gets 80 %. "
           "Sequential: round-robin."));
    m_zipf->setRange(0.1, 5.0);
    m_zipf->setSingleStep(0.1);
    m_zipf->setValue(1.1);
    m_zipf->setPrefix(tr("s = "));
    for (auto t : {producer::PayloadTemplate::Clickstream, producer::PayloadTemplate::IotSensor,
                   producer::PayloadTemplate::LogLine, producer::PayloadTemplate::Financial})
        m_template->addItem(QString::fromLatin1(toString(t)), int(t));
    row1->addWidget(m_rate);
    row1->addWidget(m_size);
    row1->addWidget(m_keys);
    row1->addWidget(m_distribution);
    row1->addWidget(m_zipf);
    auto *row2 = new QHBoxLayout;
    auto *payloadLabel = new QLabel(tr("Payload"), this);
    payloadLabel->setBuddy(m_template);
    row2->addWidget(payloadLabel);
    row2->addWidget(m_template);
    m_path->setObjectName(QStringLiteral("generatorProducer"));
    m_path->addItem(tr("SDK: PutRecords"), int(producer::ProducerPath::Sdk));
    m_path->addItem(tr("KPL: aggregated"), int(producer::ProducerPath::Kpl));
    m_path->setToolTip(
        tr("SDK: records sent as they are, up to 500 per PutRecords call, as the AWS SDKs send "
           "them.\nKPL: as the Kinesis Producer Library sends them — many small records packed "
           "into one Kinesis record for the shard each will land on, buffered up to 100 ms, at "
           "most 150 % of each shard's limit, collected into PutRecords calls and retried when "
           "refused. A shard's limit counts Kinesis records, so small records go through many "
           "times faster."));
    connect(m_path, &QComboBox::currentIndexChanged, this, [this] {
        const bool kpl = m_path->currentData().toInt() == int(producer::ProducerPath::Kpl);
        m_retry->setEnabled(!kpl); // the KPL always retries
    });
    auto *producerLabel = new QLabel(tr("Producer"), this);
    producerLabel->setBuddy(m_path);
    row2->addWidget(producerLabel);
    row2->addWidget(m_path);
    m_retry->setToolTip(tr("Send throttled records again with backoff (100 ms · 2^attempt, six "
                           "attempts), as the AWS SDKs retry"));
    row2->addWidget(m_retry);
    row2->addStretch();
    generatedLayout->addLayout(row1);
    generatedLayout->addLayout(row2);
    genLayout->addWidget(m_generated);
    genLayout->addWidget(m_tail);
    m_tail->hide();
    connect(m_source, &QComboBox::currentIndexChanged, this, [this](int index) {
        const bool tail = index == 1;
        m_generated->setVisible(!tail);
        m_tail->setVisible(tail);
        m_start->setText(tail ? tr("Start tailing") : tr("Start generator"));
    });
    m_runs->setObjectName(QStringLiteral("generatorRuns"));
    m_runs->setColumnCount(ColumnCount);
    m_runs->setHorizontalHeaderLabels({tr("Stream"), tr("Generator"), tr("Acknowledged"),
                                       tr("Throttled"), tr("Failed"), QString(), tr("State")});
    m_runs->verticalHeader()->hide();
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The generator and its state share what is left; both elide, their tooltips say all.
    m_runs->horizontalHeader()->setSectionResizeMode(SpecCol, QHeaderView::Stretch);
    m_runs->horizontalHeader()->setSectionResizeMode(StateCol, QHeaderView::Stretch);
    m_runs->setTextElideMode(Qt::ElideRight);
    m_runs->setMinimumHeight(m_runs->horizontalHeader()->sizeHint().height()
                             + 3 * m_runs->fontMetrics().lineSpacing() + 24);
    genLayout->addWidget(m_runs, 1);
    layout->addWidget(gen, 1);
    connect(m_distribution, &QComboBox::currentIndexChanged, this, [this] {
        m_zipf->setEnabled(producer::KeyDistribution(m_distribution->currentData().toInt())
                           == producer::KeyDistribution::Zipf);
    });
    m_zipf->setEnabled(false);
    connect(m_start, &QPushButton::clicked, this, &PublishPanel::startGenerator);
    setStream({});
}

PublishPanel::~PublishPanel() = default;

void PublishPanel::setStream(const QString &streamName)
{
    m_stream = streamName;
    m_title->setText(streamName.isEmpty()
                         ? tr("Select a stream to publish to.")
                         : tr("Publish to <b>%1</b>").arg(streamName.toHtmlEscaped()));
    m_send->setEnabled(!streamName.isEmpty());
    m_start->setEnabled(!streamName.isEmpty());
}

std::optional<std::string> PublishPanel::encode(const QString &text, DataFormat format,
                                                QString *error)
{
    switch (format) {
    case DataFormat::Text:
        return text.toStdString();
    case DataFormat::Json: {
        QJsonParseError pe{};
        QJsonDocument::fromJson(text.toUtf8(), &pe);
        if (pe.error != QJsonParseError::NoError) {
            if (error)
                *error = tr("The data is not valid JSON: %1 at character %2. Fix it, or send it as "
                            "Text.")
                             .arg(pe.errorString())
                             .arg(pe.offset);
            return std::nullopt;
        }
        return text.toStdString();
    }
    case DataFormat::Hex: {
        QString digits = text;
        digits.remove(QRegularExpression(QStringLiteral("\\s")));
        if (digits.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
            digits = digits.mid(2);
        static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]*$"));
        if (!hex.match(digits).hasMatch() || digits.size() % 2 != 0) {
            if (error)
                *error = tr("The data is not hex bytes: use pairs of 0-9 and a-f, e.g. \"48 65 6c "
                            "6c 6f\".");
            return std::nullopt;
        }
        return QByteArray::fromHex(digits.toLatin1()).toStdString();
    }
    }
    return std::nullopt;
}

std::optional<PutRecordRequest> PublishPanel::formRequest()
{
    QString why;
    auto bytes = encode(m_data->toPlainText(), DataFormat(m_format->currentData().toInt()), &why);
    if (!bytes) {
        m_result->setStyleSheet(errorTextCss());
        m_result->setText(tr("Cannot put a record into '%1': %2").arg(m_stream, why));
        return std::nullopt;
    }
    PutRecordRequest req;
    req.stream.name = m_stream.toStdString();
    req.partitionKey = m_partitionKey->text().toStdString();
    req.data = std::move(*bytes);
    if (!m_explicitHashKey->text().trimmed().isEmpty())
        req.explicitHashKey = m_explicitHashKey->text().trimmed().toStdString();
    return req;
}

void PublishPanel::copyAsCli()
{
    if (m_stream.isEmpty())
        return;
    auto req = formRequest();
    if (!req)
        return;
    const bool text = DataFormat(m_format->currentData().toInt()) != DataFormat::Hex;
    QGuiApplication::clipboard()->setText(awscli::putRecord(*req, text));
    m_result->setStyleSheet(QString());
    m_result->setText(tr("Copied: <tt>%1</tt>").arg(awscli::putRecord(*req, text).toHtmlEscaped()));
}

QString PublishPanel::heldBy() const
{
    // Every zone in sync holds each acknowledged write, and at least two do; a zone that is not
    // in sync gets it when it catches up (store/zoned_storage.h).
    service::EmbeddedEngine *engine = m_backend.embedded();
    if (!engine)
        return {};
    QStringList holding, later;
    for (const auto &z : engine->zones())
        (z.state == core::ZoneStatus::State::InSync ? holding : later)
            << QString::fromStdString(z.name);
    if (holding.isEmpty())
        return {};
    QString text = tr(" Held by %1").arg(holding.join(QStringLiteral(", ")));
    if (!later.isEmpty())
        text += tr("; %1 will get it when it catches up").arg(later.join(QStringLiteral(", ")));
    return text + QLatin1Char('.');
}

void PublishPanel::sendOne()
{
    if (m_stream.isEmpty())
        return;
    auto fail = [this](const QString &text) {
        m_result->setStyleSheet(errorTextCss());
        m_result->setText(text);
    };
    auto req = formRequest();
    if (!req)
        return;
    const QString stream = m_stream;
    m_send->setEnabled(false);
    m_backend.submit(
        core::ops::PutRecord, std::move(*req), this,
        [this, stream, fail](Result<PutRecordResult> r) {
            m_send->setEnabled(!m_stream.isEmpty());
            if (!r) {
                fail(explainError(tr("put a record into '%1'").arg(stream), r.error()));
                return;
            }
            m_result->setStyleSheet(QString());
            m_result->setText(tr("Stored in <b>%1</b> with sequence number <tt>%2</tt>.")
                                  .arg(QString::fromStdString(r->shardId),
                                       QString::fromStdString(r->sequenceNumber))
                              + heldBy());
        });
}

int PublishPanel::addRow(QObject *run, const QString &what, const std::function<void()> &stop)
{
    m_rows.push_back(run);
    const int row = m_runs->rowCount();
    m_runs->insertRow(row);
    m_runs->setItem(row, StreamCol, new QTableWidgetItem(m_stream));
    auto *specItem = new QTableWidgetItem(what);
    specItem->setToolTip(what);
    m_runs->setItem(row, SpecCol, specItem);
    for (int c : {AckCol, ThrottledCol, FailedCol, StateCol})
        m_runs->setItem(row, c, new QTableWidgetItem);
    auto *button = new QPushButton(tr("Stop"), m_runs);
    connect(button, &QPushButton::clicked, this, stop);
    m_runs->setCellWidget(row, ActionCol, button);
    return row;
}

void PublishPanel::startTail()
{
    const auto flow = m_tail->flow(m_stream);
    if (!flow)
        return;
    auto *run = new producer::FileTailRun(m_backend, *flow, this);
    m_tailList.push_back(run);
    addRow(run, QString::fromStdString(run->describe()), [this, run] { stopTail(run); });
    connect(run, &producer::FileTailRun::countsChanged, this, [this, run] { refreshTail(run); });
    run->start();
}

void PublishPanel::stopTail(producer::FileTailRun *run)
{
    run->stop();
    refreshTail(run);
}

void PublishPanel::refreshTail(producer::FileTailRun *run)
{
    const int row = int(m_rows.indexOf(run));
    if (row < 0)
        return;
    const auto c = run->counts();
    const QLocale locale;
    m_runs->item(row, AckCol)
        ->setText(
            tr("%1 from %2 lines")
                .arg(locale.toString(qint64(c.recordsSent)), locale.toString(qint64(c.linesRead))));
    m_runs->item(row, ThrottledCol)->setText(QString::number(c.entriesThrottled));
    m_runs->item(row, FailedCol)->setText(QString::number(c.callsFailed));
    // "1 file", "2 files"
    auto counted = [&locale](std::int64_t n, const QString &one, const QString &many) {
        return n == 1 ? one : many.arg(locale.toString(qint64(n)));
    };
    QString state;
    if (run->draining())
        state = counted(c.buffered, tr("sending the buffered record"),
                        tr("sending the %1 buffered records"));
    else if (!run->running())
        state = tr("stopped");
    else if (c.filesTracked == 0)
        state = tr("waiting for a file matching %1")
                    .arg(QString::fromStdString(run->flow().filePattern));
    else
        state = tr("tailing %1").arg(counted(c.filesTracked, tr("1 file"), tr("%1 files")));
    if (run->running() && c.filesTracked > 0)
        state += tr(" · lag %1 s · %2 behind")
                     .arg(locale.toString(double(c.lagMs) / 1000.0, 'f', 1),
                          locale.formattedDataSize(c.bytesBehind, 1, QLocale::DataSizeSIFormat));
    QStringList followed;
    if (c.rotations > 0)
        followed << counted(c.rotations, tr("1 rotation"), tr("%1 rotations"));
    if (c.truncations > 0)
        followed << counted(c.truncations, tr("1 truncation"), tr("%1 truncations"));
    if (c.copiesFollowed > 0)
        followed << counted(c.copiesFollowed, tr("1 copy-truncate"), tr("%1 copy-truncates"));
    if (!followed.isEmpty())
        state += tr(" · followed %1").arg(followed.join(QStringLiteral(", ")));
    if (c.recordsDropped > 0)
        state += tr(" · %1 (headers, or not in the log format)")
                     .arg(counted(c.recordsDropped, tr("1 line dropped"), tr("%1 lines dropped")));
    const QString why
        = tr("As the Kinesis Agent ships a file: each line (or multi-line record) with its "
             "newline and a random partition key, up to 500 records in a PutRecords call, sent "
             "when the buffer is full or its oldest record is %1 s old. A refused call or entry is "
             "sent again after a backoff (Throttled counts refused entries, Failed refused calls; "
             "none is given up). Lag: how long the oldest line read and not yet acknowledged has "
             "waited. Behind: what the files hold past what the stream acknowledged.")
              .arg(TailFileForm::kBufferAgeMs / 1000);
    showState(row, state, why, QString::fromStdString(c.lastError));
    if (!run->running())
        if (auto *button = m_runs->cellWidget(row, ActionCol))
            button->setEnabled(false);
}

void PublishPanel::startGenerator()
{
    if (m_stream.isEmpty())
        return;
    if (m_source->currentIndex() == 1) {
        startTail();
        return;
    }
    producer::GeneratorSpec spec;
    spec.streamName = m_stream.toStdString();
    spec.recordsPerSecond = m_rate->value();
    spec.recordBytes = m_size->value();
    spec.distinctKeys = m_keys->value();
    spec.distribution = producer::KeyDistribution(m_distribution->currentData().toInt());
    spec.zipfExponent = m_zipf->value();
    spec.payload = producer::PayloadTemplate(m_template->currentData().toInt());
    spec.path = producer::ProducerPath(m_path->currentData().toInt());
    spec.retryThrottled = spec.path == producer::ProducerPath::Sdk && m_retry->isChecked();
    auto *run = new producer::GeneratorRun(m_backend, spec, m_seed++, this);
    m_runList.push_back(run);
    addRow(run, QString::fromStdString(spec.describe()), [this, run] { stopRun(run); });
    connect(run, &producer::GeneratorRun::countsChanged, this, [this, run] { refreshRun(run); });
    run->start();
    Q_EMIT generatorStarted(run);
}

void PublishPanel::stopRun(producer::GeneratorRun *run)
{
    const bool wasRunning = run->running();
    run->stop();
    if (wasRunning)
        Q_EMIT generatorStopped(run);
    const int row = int(m_rows.indexOf(run));
    if (row >= 0)
        if (auto *button = m_runs->cellWidget(row, ActionCol))
            button->setEnabled(false);
}

void PublishPanel::refreshRun(producer::GeneratorRun *run)
{
    const int row = int(m_rows.indexOf(run));
    if (row < 0)
        return;
    const auto &c = run->counts();
    const QLocale locale;
    if (run->spec().path == producer::ProducerPath::Kpl) {
        refreshKplRun(row, *run);
        return;
    }
    // Carried records passed the limits but were not stored: shown apart from the stored ones.
    const bool carries = c.carried + c.carriedThrottled > 0;
    m_runs->item(row, AckCol)
        ->setText(carries ? tr("%1 stored + %2 carried")
                                .arg(locale.toString(qint64(c.acknowledged)),
                                     locale.toString(qint64(c.carried)))
                          : QString::number(c.acknowledged));
    m_runs->item(row, ThrottledCol)->setText(QString::number(c.throttled + c.carriedThrottled));
    m_runs->item(row, FailedCol)->setText(QString::number(c.failed));
    QString state = run->running() ? tr("running") : tr("stopped");
    QString why;
    if (run->running() && run->carriedRate() > 0) {
        state += tr(" · stores %1 records/s, carries %2")
                     .arg(locale.toString(run->storedRate(), 'f', 0),
                          locale.toString(run->carriedRate(), 'f', 0));
        why = tr("Engine time runs faster than this machine stores records one by one, so the "
                 "generator stores a sample of %1 records/s and carries the other %2: they are "
                 "routed, throttled and counted in the limits, metrics, hot keys, on-demand "
                 "scaling and cost like the stored ones, but not stored (nothing to read) and "
                 "not retried.")
                  .arg(locale.toString(run->storedRate(), 'f', 0),
                       locale.toString(run->carriedRate(), 'f', 0));
    } else if (carries) {
        state += tr(" · carried %1 (counted, not stored) while engine time ran fast")
                     .arg(locale.toString(qint64(c.carried + c.carriedThrottled)));
    }
    if (c.skipped > 0)
        state += tr(" · %1 skipped: more records are due than one window can send (engine too fast "
                    "or too slow to answer)")
                     .arg(c.skipped);
    showState(row, state, why, c.lastError);
}

void PublishPanel::refreshKplRun(int row, const producer::GeneratorRun &run)
{
    const auto &c = run.counts();
    const QLocale locale;
    m_runs->item(row, AckCol)
        ->setText(tr("%1 in %2 Kinesis records")
                      .arg(locale.toString(qint64(c.acknowledged)),
                           locale.toString(qint64(c.kinesisRecords))));
    m_runs->item(row, ThrottledCol)->setText(QString::number(c.throttled));
    m_runs->item(row, FailedCol)->setText(QString::number(c.failed));
    QString state = run.draining()
                        ? tr("sending the %n buffered record(s)", nullptr, int(c.buffered))
                    : run.running() ? tr("running")
                                    : tr("stopped");
    QString why;
    if (c.kinesisRecords > 0) {
        // What the SDK path would have sent for the same records: one Kinesis record each, one
        // PUT payload unit per started 25 KB, 500 to a call.
        const std::int64_t unitsEach
            = std::max<std::int64_t>(1, (run.spec().recordBytes + 25 * 1024 - 1) / (25 * 1024));
        const std::int64_t sdkUnits = c.acknowledged * unitsEach;
        const std::int64_t sdkCalls = (c.acknowledged + 499) / 500;
        const double pricePerMillion = core::PriceTable{}.putPayloadUnitsPerMillion;
        const double saved = double(sdkUnits - c.payloadUnits) * pricePerMillion / 1e6;
        const QString latency = locale.toString(
            double(c.latencyMsSum) / double(std::max<std::int64_t>(1, c.acknowledged)), 'f', 0);
        state
            += tr(" · %1 records per Kinesis record · %2 KB per PUT unit · %3 PUT units, "
                  "not %4 · +%5 ms")
                   .arg(locale.toString(double(c.acknowledged) / double(c.kinesisRecords), 'f', 0),
                        locale.toString(double(c.kinesisBytes) / 1024.0
                                            / double(std::max<std::int64_t>(1, c.payloadUnits)),
                                        'f', 1),
                        locale.toString(qint64(c.payloadUnits)), locale.toString(qint64(sdkUnits)),
                        latency);
        why = tr("Through the KPL-style producer: %1 user records reached the stream in %2 "
                 "Kinesis records and %3 PutRecords calls (the SDK path: %4 records in at least %5 "
                 "calls). Each Kinesis record carries %6 KB on average of its PUT payload units' "
                 "25 KB, so %7 PUT payload units were billed instead of %8: US$%9 less at US$%10 "
                 "per million. The price is latency: a record waits up to 100 ms to be "
                 "aggregated, and longer when its shard is at the producer's rate limit — %11 ms "
                 "on average from added to acknowledged. Throttled counts aggregates the stream "
                 "refused; the producer sent their records again.")
                  .arg(locale.toString(qint64(c.acknowledged)),
                       locale.toString(qint64(c.kinesisRecords)),
                       locale.toString(qint64(c.putRecordsCalls)),
                       locale.toString(qint64(c.acknowledged)), locale.toString(qint64(sdkCalls)),
                       locale.toString(double(c.kinesisBytes) / 1024.0
                                           / double(std::max<std::int64_t>(1, c.kinesisRecords)),
                                       'f', 1),
                       locale.toString(qint64(c.payloadUnits)), locale.toString(qint64(sdkUnits)),
                       locale.toString(saved, 'f', 6))
                  .arg(locale.toString(pricePerMillion, 'f', 3), latency);
    }
    if (c.skipped > 0)
        state += tr(" · %1 skipped: the producer already buffers two seconds of records")
                     .arg(c.skipped);
    showState(row, state, why, c.lastError);
    if (!run.running())
        if (auto *button = m_runs->cellWidget(row, ActionCol))
            button->setEnabled(false);
}

void PublishPanel::showState(int row, QString state, const QString &why, const QString &lastError)
{
    if (!lastError.isEmpty())
        state += QStringLiteral(" · ") + lastError;
    m_runs->item(row, StateCol)->setText(state);
    m_runs->item(row, StateCol)
        ->setToolTip(why.isEmpty() ? state : state + QStringLiteral("\n\n") + why);
}

} // namespace shs::ui
