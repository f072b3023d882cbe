// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "consume_panel.h"
#include "engine/kpl_aggregate.h"
#include "theme.h"

#include "error_text.h"
#include "service/aws_cli.h"

#include "engine/clock.h"

#include <QAbstractItemView>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace shs::ui {

using namespace shs::core;

ConsumePanel::ConsumePanel(service::StreamBackend &backend, QWidget *parent)
    : QWidget(parent), m_backend(backend), m_readWith(new QComboBox(this)),
      m_shard(new QComboBox(this)), m_type(new QComboBox(this)), m_sequence(new QLineEdit(this)),
      m_timestamp(new QDateTimeEdit(this)), m_mode(new QComboBox(this)), m_poll(new QSpinBox(this)),
      m_start(new QPushButton(tr("Start reading"), this)),
      m_nextPage(new QPushButton(tr("Next page"), this)),
      m_copyCli(new QPushButton(tr("Copy as AWS CLI"), this)), m_filter(new QLineEdit(this)),
      m_exportCsv(new QPushButton(tr("Export CSV…"), this)),
      m_exportJson(new QPushButton(tr("Export JSON…"), this)), m_view(new QTableView(this)),
      m_model(new RecordTableModel(this)), m_proxy(new QSortFilterProxyModel(this)),
      m_inspectAs(new QComboBox(this)), m_inspector(new QPlainTextEdit(this)),
      m_status(new QLabel(this)), m_readWithHint(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *row1 = new QHBoxLayout;
    for (auto t :
         {ShardIteratorType::TrimHorizon, ShardIteratorType::Latest, ShardIteratorType::AtTimestamp,
          ShardIteratorType::AtSequenceNumber, ShardIteratorType::AfterSequenceNumber})
        m_type->addItem(QString::fromLatin1(toString(t)), int(t));
    m_sequence->setPlaceholderText(tr("sequence number"));
    m_timestamp->setTimeSpec(Qt::UTC);
    m_timestamp->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
    m_timestamp->setCalendarPopup(true);
    row1->addWidget(new QLabel(tr("Read"), this));
    row1->addWidget(m_shard);
    row1->addWidget(new QLabel(tr("from"), this));
    row1->addWidget(m_type);
    row1->addWidget(m_sequence, 1);
    row1->addWidget(m_timestamp);
    layout->addLayout(row1);
    auto *rowWith = new QHBoxLayout;
    rowWith->addWidget(new QLabel(tr("Read with"), this));
    rowWith->addWidget(m_readWith);
    m_readWithHint->setObjectName(QStringLiteral("consumeReadWithHint"));
    m_readWithHint->setWordWrap(true);
    rowWith->addWidget(m_readWithHint, 1);
    layout->addLayout(rowWith);
    auto *row2 = new QHBoxLayout;
    m_mode->addItem(tr("Live tail"), true);
    m_mode->addItem(tr("Page by page"), false);
    m_poll->setRange(20, 10000);
    m_poll->setValue(250);
    m_poll->setPrefix(tr("every "));
    m_poll->setSuffix(tr(" ms per shard"));
    m_poll->setToolTip(tr(
        "Kinesis serves 5 GetRecords calls per second per shard; poll faster than every 200 ms and "
        "the reader is throttled"));
    m_filter->setPlaceholderText(tr("filter by partition key"));
    m_filter->setClearButtonEnabled(true);
    m_start->setObjectName(QStringLiteral("consumeStart"));
    // Labels carry each shard's state and key range; the combo stays narrow, its list is wide.
    m_shard->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_shard->setMinimumContentsLength(20);
    m_readWith->setObjectName(QStringLiteral("consumeReadWith"));
    // Short items and a bounded width, so the tab never widens the window; the tooltip says more.
    m_readWith->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_readWith->setMinimumContentsLength(22);
    m_readWith->setToolTip(
        tr("GetRecords polling shares each shard's 2 MiB/s and 5 calls/s with every other polling "
           "reader. An enhanced fan-out consumer (register one in the Consumers tab) has 2 MiB/s "
           "per shard of its own, and SubscribeToShard pushes records as they arrive."));
    row2->addWidget(m_mode);
    row2->addWidget(m_poll);
    row2->addWidget(m_start);
    row2->addWidget(m_nextPage);
    row2->addStretch();
    row2->addWidget(m_copyCli);
    layout->addLayout(row2);
    auto *row3 = new QHBoxLayout;
    row3->addWidget(m_filter, 1);
    row3->addWidget(m_exportCsv);
    row3->addWidget(m_exportJson);
    layout->addLayout(row3);
    m_status->setObjectName(QStringLiteral("consumeStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(RecordTableModel::PartitionKeyColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseSensitive);
    m_proxy->setSortRole(RecordTableModel::SortRole);
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    auto *header = m_view->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RecordTableModel::SequenceColumn, QHeaderView::Stretch);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setSortingEnabled(false);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    auto *inspect = new QWidget(split);
    auto *inspectLayout = new QVBoxLayout(inspect);
    inspectLayout->setContentsMargins(0, 0, 0, 0);
    auto *inspectRow = new QHBoxLayout;
    m_inspectAs->addItem(tr("Text"), int(InspectAs::Text));
    m_inspectAs->addItem(tr("Pretty JSON"), int(InspectAs::Json));
    m_inspectAs->addItem(tr("Hex"), int(InspectAs::Hex));
    inspectRow->addWidget(new QLabel(tr("Record data as"), inspect));
    inspectRow->addWidget(m_inspectAs);
    inspectRow->addStretch();
    inspectLayout->addLayout(inspectRow);
    m_inspector->setReadOnly(true);
    m_inspector->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    inspectLayout->addWidget(m_inspector);
    split->addWidget(inspect);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(m_type, &QComboBox::currentIndexChanged, this, &ConsumePanel::updateInputs);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        // Choosing AT_TIMESTAMP starts from a time that means something now: five minutes of
        // engine time ago, or the stream's creation if that is later (the user edits from there).
        if (ShardIteratorType(m_type->currentData().toInt()) != ShardIteratorType::AtTimestamp)
            return;
        const std::int64_t now = m_backend.nowMs();
        const std::int64_t from = std::max(now - 5 * 60 * 1000, m_streamCreatedMs);
        m_timestamp->setDateTime(QDateTime::fromMSecsSinceEpoch(from, QTimeZone::utc()));
        m_timestamp->setToolTip(
            tr("Reads start at the first record that arrived at or after this time (engine "
               "time, UTC); a time older than the trim horizon starts at the oldest record kept. "
               "Preset to five minutes ago, or to when the stream was created if later."));
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, &ConsumePanel::updateInputs);
    connect(m_readWith, &QComboBox::currentIndexChanged, this, &ConsumePanel::updateInputs);
    auto *consumersTimer = new QTimer(this);
    consumersTimer->setInterval(3000);
    connect(consumersTimer, &QTimer::timeout, this, [this] {
        if (isVisible() && !(m_reader && m_reader->running()))
            listConsumers();
    });
    consumersTimer->start();
    connect(m_start, &QPushButton::clicked, this, &ConsumePanel::startOrStop);
    m_copyCli->setToolTip(tr("Copy the equivalent `aws kinesis get-shard-iterator` (or "
                             "`subscribe-to-shard`) command lines"));
    connect(m_copyCli, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(cliCommands()); });
    connect(m_nextPage, &QPushButton::clicked, this, [this] {
        if (m_reader)
            m_reader->readRound();
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterRegularExpression(QRegularExpression(QRegularExpression::escape(text)));
        updateStatus();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ConsumePanel::showCurrent);
    connect(m_inspectAs, &QComboBox::currentIndexChanged, this, &ConsumePanel::showCurrent);
    const auto exporter = [this](ExportFormat format) {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export records"),
            m_stream
                + (format == ExportFormat::Csv ? QStringLiteral(".csv") : QStringLiteral(".json")));
        if (path.isEmpty())
            return;
        QString error;
        if (!exportTo(path, format, &error))
            m_status->setText(QStringLiteral("<span style='%1'>%2</span>")
                                  .arg(errorTextCss(), error.toHtmlEscaped()));
        else
            m_status->setText(tr("Exported %1 records to %2.")
                                  .arg(m_proxy->rowCount())
                                  .arg(path.toHtmlEscaped()));
    };
    connect(m_exportCsv, &QPushButton::clicked, this, [exporter] { exporter(ExportFormat::Csv); });
    connect(m_exportJson, &QPushButton::clicked, this,
            [exporter] { exporter(ExportFormat::Json); });
    setStream({}, {}, std::vector<ShardInfo>{});
}

ConsumePanel::~ConsumePanel() = default;

void ConsumePanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    listConsumers();
}

void ConsumePanel::listConsumers()
{
    if (m_streamArn.isEmpty() || m_listing)
        return;
    m_listing = true;
    ListStreamConsumersRequest request;
    request.streamArn = m_streamArn.toStdString();
    const QString arn = m_streamArn;
    m_backend.submit(
        ops::ListStreamConsumers, request, this, [this, arn](Result<ListStreamConsumersResult> r) {
            m_listing = false;
            if (arn != m_streamArn || !r) // a failure shows when reading is tried
                return;
            const QString current = m_readWith->currentData().toString();
            const QSignalBlocker block(m_readWith);
            while (m_readWith->count() > 1)
                m_readWith->removeItem(1);
            for (const auto &c : r->consumers) {
                if (c.status != ConsumerStatus::Active)
                    continue;
                m_readWith->addItem(
                    tr("SubscribeToShard as %1").arg(QString::fromStdString(c.consumerName)),
                    QString::fromStdString(c.consumerArn));
            }
            m_readWith->setCurrentIndex(std::max(0, m_readWith->findData(current)));
            updateInputs();
        });
}

void ConsumePanel::setStream(const QString &streamName, const QString &streamArn,
                             const std::vector<ShardInfo> &shards)
{
    if (streamArn != m_streamArn) {
        const QSignalBlocker block(m_readWith);
        m_readWith->clear();
        m_readWith->addItem(tr("GetRecords (shared budget)"), QString());
        m_streamArn = streamArn;
        if (isVisible())
            listConsumers();
    }
    if (streamName != m_stream) {
        if (m_reader) {
            m_reader->stop();
            m_reader->deleteLater();
            m_reader = nullptr;
        }
        m_model->clear();
        m_inspector->clear();
        m_status->clear();
        m_timestamp->setDateTime(
            QDateTime::fromMSecsSinceEpoch(m_backend.nowMs(), QTimeZone::utc()));
    }
    m_stream = streamName;
    m_streamCreatedMs = 0;
    for (const ShardInfo &sh : shards)
        if (m_streamCreatedMs == 0 || (sh.createdMs > 0 && sh.createdMs < m_streamCreatedMs))
            m_streamCreatedMs = sh.createdMs;
    QStringList labels;
    for (const ShardInfo &sh : shards)
        labels << (sh.open ? tr("%1 — open, keys %2–%3 %")
                                 .arg(QString::fromStdString(sh.shardId))
                                 .arg(100.0 * sh.startingHashKey.toUnitFraction(), 0, 'f', 1)
                                 .arg(100.0 * sh.endingHashKey.toUnitFraction(), 0, 'f', 1)
                           : tr("%1 — closed (readable until retention trims it)")
                                 .arg(QString::fromStdString(sh.shardId)));
    QStringList listed;
    for (int i = 1; i < m_shard->count(); ++i)
        listed << m_shard->itemText(i);
    if (listed == labels && m_shard->count() > 0) {
        updateInputs();
        return;
    }
    const QString current = m_shard->currentData().toString();
    const QSignalBlocker block(m_shard);
    m_shard->clear();
    m_shard->addItem(tr("all shards"), QString());
    for (std::size_t i = 0; i < shards.size(); ++i)
        m_shard->addItem(labels[qsizetype(i)], QString::fromStdString(shards[i].shardId));
    m_shard->setCurrentIndex(std::max(0, m_shard->findData(current)));
    m_shard->view()->setMinimumWidth(m_shard->view()->sizeHintForColumn(0) + 24);
    updateInputs();
}

QString ConsumePanel::cliCommands() const
{
    QStringList shards;
    if (const QString one = m_shard->currentData().toString(); !one.isEmpty())
        shards << one;
    else
        for (int i = 1; i < m_shard->count(); ++i)
            shards << m_shard->itemData(i).toString();
    QStringList lines;
    const auto type = ShardIteratorType(m_type->currentData().toInt());
    if (const QString consumer = m_readWith->currentData().toString(); !consumer.isEmpty()) {
        for (const QString &id : shards) {
            SubscribeToShardRequest req;
            req.consumerArn = consumer.toStdString();
            req.shardId = id.toStdString();
            req.startingPosition.type = type;
            if (type == ShardIteratorType::AtSequenceNumber
                || type == ShardIteratorType::AfterSequenceNumber)
                req.startingPosition.sequenceNumber = m_sequence->text().trimmed().toStdString();
            if (type == ShardIteratorType::AtTimestamp)
                req.startingPosition.timestampMs = m_timestamp->dateTime().toMSecsSinceEpoch();
            lines << awscli::subscribeToShard(req);
        }
        return lines.join(QLatin1Char('\n'));
    }
    for (const QString &id : shards) {
        GetShardIteratorRequest req;
        req.stream.name = m_stream.toStdString();
        req.shardId = id.toStdString();
        req.type = ShardIteratorType(m_type->currentData().toInt());
        if (req.type == ShardIteratorType::AtSequenceNumber
            || req.type == ShardIteratorType::AfterSequenceNumber)
            req.startingSequenceNumber = m_sequence->text().trimmed().toStdString();
        if (req.type == ShardIteratorType::AtTimestamp)
            req.timestampMs = m_timestamp->dateTime().toMSecsSinceEpoch();
        lines << awscli::getShardIterator(req);
    }
    return lines.join(QLatin1Char('\n'));
}

void ConsumePanel::updateInputs()
{
    const auto type = ShardIteratorType(m_type->currentData().toInt());
    m_sequence->setVisible(type == ShardIteratorType::AtSequenceNumber
                           || type == ShardIteratorType::AfterSequenceNumber);
    m_timestamp->setVisible(type == ShardIteratorType::AtTimestamp);
    const bool fanOut = !m_readWith->currentData().toString().isEmpty();
    m_readWithHint->setText(
        fanOut
            ? tr("enhanced fan-out: records pushed as they arrive, 2 MiB/s per shard of this "
                 "consumer's own")
            : tr("polling: every GetRecords reader of a shard shares its 5 calls/s and 2 MiB/s"));
    if (fanOut && !m_mode->currentData().toBool()) {
        const QSignalBlocker block(m_mode);
        m_mode->setCurrentIndex(0); // events are pushed: live only
    }
    const bool live = m_mode->currentData().toBool();
    const bool reading = m_reader && m_reader->running();
    m_start->setText(reading ? tr("Stop") : tr("Start reading"));
    m_start->setEnabled(!m_stream.isEmpty());
    m_copyCli->setEnabled(!m_stream.isEmpty());
    m_nextPage->setEnabled(reading && !live);
    for (QWidget *w : std::initializer_list<QWidget *>{m_readWith, m_shard, m_type, m_sequence,
                                                       m_timestamp, m_mode, m_poll})
        w->setEnabled(!reading && !m_stream.isEmpty() && (w != m_poll || (live && !fanOut))
                      && (w != m_mode || !fanOut));
}

void ConsumePanel::startOrStop()
{
    if (m_reader && m_reader->running()) {
        m_reader->stop();
        updateInputs();
        return;
    }
    if (m_reader)
        m_reader->deleteLater();
    m_model->clear();
    service::ShardFollower::Options o;
    o.stream = m_stream.toStdString();
    o.shardId = m_shard->currentData().toString().toStdString();
    o.type = ShardIteratorType(m_type->currentData().toInt());
    o.sequenceNumber = m_sequence->text().trimmed().toStdString();
    o.timestampMs = m_timestamp->dateTime().toMSecsSinceEpoch();
    o.live = m_mode->currentData().toBool();
    o.pollMs = m_poll->value();
    o.consumerArn = m_readWith->currentData().toString().toStdString();
    m_reader = new service::ShardFollower(m_backend, o, this);
    connect(m_reader, &service::ShardFollower::recordsArrived, m_model,
            [this](const std::string &shardId, const std::vector<core::Record> &records) {
                const QString shard = QString::fromStdString(shardId);
                QList<RecordRow> rows;
                rows.reserve(qsizetype(records.size()));
                for (const auto &rec : records)
                    rows.push_back({shard, QString::fromStdString(rec.sequenceNumber),
                                    QString::fromStdString(rec.partitionKey), rec.arrivalMs,
                                    QByteArray::fromStdString(rec.data),
                                    rec.encryptionType == "KMS"});
                m_model->append(rows);
            });
    connect(m_reader, &service::ShardFollower::countsChanged, this, &ConsumePanel::updateStatus);
    connect(m_reader, &service::ShardFollower::failed, this, [this] {
        updateStatus();
        updateInputs();
    });
    m_reader->start();
    updateInputs();
}

void ConsumePanel::updateStatus()
{
    if (!m_reader)
        return;
    const auto &c = m_reader->counts();
    if (const auto &failure = m_reader->failure(); failure && !m_reader->running()) {
        m_status->setText(QStringLiteral("<span style='%1'>%2</span>")
                              .arg(errorTextCss(),
                                   explainError(failure->action, failure->error).toHtmlEscaped()));
        updateInputs();
        return;
    }
    QString text = m_reader->fanOut()
                       ? tr("%1 records · %2 SubscribeToShard events pushed · %3 subscriptions "
                            "(SubscribeToShard calls: %4)")
                             .arg(c.records)
                             .arg(c.events)
                             .arg(m_reader->subscriptions())
                             .arg(c.calls)
                       : tr("%1 records · %2 GetRecords calls · %3 shards reading")
                             .arg(c.records)
                             .arg(c.calls)
                             .arg(c.shardsReading);
    if (!m_filter->text().isEmpty())
        text += tr(" · %1 shown: partition key contains “%2”")
                    .arg(m_proxy->rowCount())
                    .arg(m_filter->text().toHtmlEscaped());
    if (c.shardsFinished)
        text += tr(" · %1 closed shards read to their end").arg(c.shardsFinished);
    text += tr(" · MillisBehindLatest %1").arg(c.millisBehindLatest);
    if (c.throttled)
        text += tr(" · <span style='%1'>%2 reads throttled "
                   "(ProvisionedThroughputExceededException): "
                   "over 5 calls/s or 2 MiB/s per shard</span>")
                    .arg(errorTextCss())
                    .arg(c.throttled);
    // The GetRecords loop, as a learner writes it: each answer names the next iterator.
    if (const auto &call = m_reader->lastCall(); call && !m_reader->fanOut()) {
        const auto shortened = [](const std::string &it) {
            const QString s = QString::fromStdString(it);
            return s.size() > 24 ? s.left(14) + QStringLiteral("…") + s.right(6) : s;
        };
        text += QStringLiteral("<br>")
                + (call->nextShardIterator.empty()
                       ? tr("Last call: GetRecords(ShardIterator %1) on %2 → %3 records, no "
                            "NextShardIterator: the closed shard is read to its end (its "
                            "ChildShards follow).")
                             .arg(shortened(call->shardIterator),
                                  QString::fromStdString(call->shardId))
                             .arg(call->records)
                       : tr("Last call: GetRecords(ShardIterator %1) on %2 → %3 records and "
                            "NextShardIterator %4, which the next call sends (an iterator "
                            "expires 5 minutes after it was issued).")
                             .arg(shortened(call->shardIterator),
                                  QString::fromStdString(call->shardId))
                             .arg(call->records)
                             .arg(shortened(call->nextShardIterator)));
        m_status->setToolTip(tr("ShardIterator: %1\nNextShardIterator: %2")
                                 .arg(QString::fromStdString(call->shardIterator),
                                      QString::fromStdString(call->nextShardIterator)));
    }
    if (c.throttled && m_backend.embedded() && m_backend.embedded()->speed() == 0)
        text += tr(" · <span style='%1'>engine time is paused: a shard's read budget refills on "
                   "engine time, so reads stay throttled until time runs (Engine speed)</span>")
                    .arg(errorTextCss());
    m_status->setText(text);
    if (!m_reader->running())
        updateInputs();
}

QString ConsumePanel::inspect(const QByteArray &data, InspectAs as)
{
    const auto users
        = core::kpl::decode(std::string_view(data.constData(), std::size_t(data.size())));
    if (!users)
        return render(data, as);
    // A KPL aggregate: every user record, as the KCL would hand them to a consumer (same
    // sequence number, sub-sequence numbers 0, 1, 2 …).
    QString out = tr("KPL aggregated record: %n user record(s) in one Kinesis record "
                     "(magic F3 89 9A C2, protobuf, MD5 checked).\n",
                     nullptr, int(users->size()));
    for (std::size_t i = 0; i < users->size(); ++i) {
        const core::kpl::UserRecord &u = (*users)[i];
        out += tr("\n— sub-sequence %1 · partition key %2%3 · %4 bytes\n")
                   .arg(i)
                   .arg(QString::fromStdString(u.partitionKey))
                   .arg(u.explicitHashKey ? tr(" · ExplicitHashKey %1")
                                                .arg(QString::fromStdString(*u.explicitHashKey))
                                          : QString())
                   .arg(u.data.size());
        out += render(QByteArray::fromStdString(u.data), as) + QLatin1Char('\n');
    }
    return out;
}

QString ConsumePanel::render(const QByteArray &data, InspectAs as)
{
    switch (as) {
    case InspectAs::Text:
        return QString::fromUtf8(data);
    case InspectAs::Json: {
        QJsonParseError pe{};
        const auto doc = QJsonDocument::fromJson(data, &pe);
        if (pe.error != QJsonParseError::NoError)
            return tr("(not JSON: %1 at byte %2)\n\n%3")
                .arg(pe.errorString())
                .arg(pe.offset)
                .arg(QString::fromUtf8(data));
        return QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    }
    case InspectAs::Hex: {
        QString out;
        for (qsizetype off = 0; off < data.size(); off += 16) {
            const QByteArray line = data.mid(off, 16);
            QString ascii;
            for (char ch : line)
                ascii += (ch >= 0x20 && ch < 0x7f) ? QChar::fromLatin1(ch) : QLatin1Char('.');
            out += QStringLiteral("%1  %2  %3\n")
                       .arg(off, 8, 16, QLatin1Char('0'))
                       .arg(QString::fromLatin1(line.toHex(' ')), -47)
                       .arg(ascii);
        }
        return out;
    }
    }
    return {};
}

void ConsumePanel::showCurrent()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_inspector->clear();
        return;
    }
    const RecordRow &row = m_model->row(m_proxy->mapToSource(current).row());
    const QString reader = inspect(row.data, InspectAs(m_inspectAs->currentData().toInt()));
    service::EmbeddedEngine *engine = m_backend.embedded();
    if (!row.encrypted || !engine) {
        m_inspector->setPlainText(row.encrypted ? tr("Encrypted at rest (EncryptionType KMS); a "
                                                     "reader gets:\n")
                                                      + reader
                                                : reader);
        return;
    }
    // Beside what a reader gets, what the data directory holds: the sealed bytes.
    const QString head = tr("What a reader gets (EncryptionType KMS, decrypted by Kinesis):\n");
    m_inspector->setPlainText(head + reader);
    const QString sequence = row.sequenceNumber;
    engine->storedRecord(
        core::StreamRef{m_stream.toStdString(), {}}, row.shardId.toStdString(),
        sequence.toStdString(), m_inspector,
        [this, head, reader, sequence](core::Result<core::Engine::StoredView> stored) {
            const QModelIndex now = m_view->selectionModel()->currentIndex();
            if (!now.isValid()
                || m_model->row(m_proxy->mapToSource(now).row()).sequenceNumber != sequence)
                return; // another record is shown by now
            QString disk;
            if (!stored) {
                disk = tr("Cannot read what is stored: %1")
                           .arg(QString::fromStdString(stored.error().toString()));
            } else if (!stored->sealed) {
                disk = tr("This engine keeps its records in memory, as written: nothing reaches "
                          "a disk.");
            } else {
                const QByteArray bytes = QByteArray::fromStdString(stored->data);
                disk = tr("%1 bytes as the engine stores them, sealed with AES-256-GCM (12-byte "
                          "nonce, "
                          "ciphertext of the partition key and data, 16-byte tag) under data "
                          "key %2, which KMS key %3 wraps. The partition key column is empty: "
                          "the key is sealed with the data.\n")
                           .arg(bytes.size())
                           .arg(stored->dataKey)
                           .arg(QString::fromStdString(stored->keyArn))
                       + render(bytes.left(512), InspectAs::Hex)
                       + (bytes.size() > 512 ? tr("… (%1 more bytes)").arg(bytes.size() - 512)
                                             : QString());
            }
            m_inspector->setPlainText(head + reader + tr("\n\nWhat the engine stores:\n") + disk);
        });
}

bool ConsumePanel::exportTo(const QString &path, ExportFormat format, QString *error) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = tr("Cannot export to %1: %2. Choose another place.")
                         .arg(path, file.errorString());
        return false;
    }
    QByteArray out;
    if (format == ExportFormat::Csv) {
        const auto quote = [](QString s) -> QString {
            return QLatin1Char('"') + s.replace(QLatin1Char('"'), QLatin1String("\"\""))
                   + QLatin1Char('"');
        };
        out += "shard_id,sequence_number,partition_key,approximate_arrival_timestamp,size_bytes,"
               "data_base64\n";
        for (int i = 0; i < m_proxy->rowCount(); ++i) {
            const RecordRow &r = m_model->row(m_proxy->mapToSource(m_proxy->index(i, 0)).row());
            out += QStringLiteral("%1,%2,%3,%4,%5,%6\n")
                       .arg(r.shardId, r.sequenceNumber, quote(r.partitionKey),
                            QDateTime::fromMSecsSinceEpoch(r.arrivalMs, QTimeZone::utc())
                                .toString(Qt::ISODateWithMs))
                       .arg(r.data.size())
                       .arg(QString::fromLatin1(r.data.toBase64()))
                       .toUtf8();
        }
    } else {
        // The shape of GetRecords' Records, as the AWS CLI prints them.
        QJsonArray records;
        for (int i = 0; i < m_proxy->rowCount(); ++i) {
            const RecordRow &r = m_model->row(m_proxy->mapToSource(m_proxy->index(i, 0)).row());
            records.append(QJsonObject{
                {QStringLiteral("ShardId"), r.shardId},
                {QStringLiteral("SequenceNumber"), r.sequenceNumber},
                {QStringLiteral("ApproximateArrivalTimestamp"), double(r.arrivalMs) / 1000.0},
                {QStringLiteral("Data"), QString::fromLatin1(r.data.toBase64())},
                {QStringLiteral("PartitionKey"), r.partitionKey}});
        }
        out = QJsonDocument(QJsonObject{{QStringLiteral("Records"), records}})
                  .toJson(QJsonDocument::Indented);
    }
    if (file.write(out) != out.size() || !file.flush()) {
        if (error)
            *error = tr("Cannot export to %1: %2. Free some space or choose another place.")
                         .arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace shs::ui
