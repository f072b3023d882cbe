// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConsumePanel: read the selected stream — one shard or all, any iterator type (TRIM_HORIZON,
// LATEST, AT_TIMESTAMP with a date-time picker, AT_/AFTER_SEQUENCE_NUMBER), as a live tail or
// page by page — into a record table with a partition-key filter, an inspector (text, pretty
// JSON, hex) and export to CSV or JSON. It reads by polling (GetRecords, sharing each shard's
// 2 MiB/s and 5 calls/s with every other polling reader) or, as one of the stream's ACTIVE
// enhanced fan-out consumers, by SubscribeToShard (records pushed, 2 MiB/s per shard of the
// consumer's own); the consumers are listed while the tab is shown.
#include "models/record_table_model.h"
#include "service/shard_follower.h"

#include "engine/snapshot.h"
#include "pages/stream_page.h"
#include "service/stream_backend.h"

#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace shs::ui {

class ConsumePanel : public QWidget, public StreamPage
{
    Q_OBJECT
  public:
    enum class InspectAs { Text, Json, Hex };
    enum class ExportFormat { Csv, Json };

    explicit ConsumePanel(service::StreamBackend &backend, QWidget *parent = nullptr);
    ~ConsumePanel() override;

    /// The stream, its ARN (for its consumers) and its shards (open and closed) for the shard
    /// picker, which shows each one's state and share of the hash-key space.
    void setStream(const QString &streamName, const QString &streamArn,
                   const std::vector<core::ShardInfo> &shards);

    QString viewName() const override { return QStringLiteral("consume"); }
    QString title() const override { return tr("Consume"); }
    QWidget *content() override { return fittedPage(this); }
    void showStream(const core::StreamInfo *stream) override
    {
        if (stream)
            setStream(QString::fromStdString(stream->name), QString::fromStdString(stream->arn),
                      stream->shards);
        else
            setStream({}, {}, std::vector<core::ShardInfo>{});
    }
    /// Lists the stream's enhanced fan-out consumers for "Read with" now.
    void listConsumers();

    /// Renders a record's data for the inspector.
    static QString render(const QByteArray &data, InspectAs as);
    /// What the inspector shows: `render`, or for a KPL aggregate each user record rendered.
    static QString inspect(const QByteArray &data, InspectAs as);
    /// Writes the rows that pass the filter; false with `error` set on failure.
    bool exportTo(const QString &path, ExportFormat format, QString *error) const;

    // For tests and automation.
    QComboBox *shardCombo() const { return m_shard; }
    QComboBox *iteratorCombo() const { return m_type; }
    QLineEdit *sequenceEdit() const { return m_sequence; }
    QDateTimeEdit *timestampEdit() const { return m_timestamp; }
    QComboBox *modeCombo() const { return m_mode; }
    /// GetRecords (data: empty) or SubscribeToShard as a consumer (data: its ARN).
    QComboBox *readWithCombo() const { return m_readWith; }
    QSpinBox *pollSpin() const { return m_poll; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *nextPageButton() const { return m_nextPage; }
    QPushButton *copyCliButton() const { return m_copyCli; }
    /// The get-shard-iterator (or subscribe-to-shard) command lines for the current choice, one
    /// per shard.
    QString cliCommands() const;
    QLineEdit *filterEdit() const { return m_filter; }
    QTableView *recordView() const { return m_view; }
    RecordTableModel *recordModel() const { return m_model; }
    QSortFilterProxyModel *filteredModel() const { return m_proxy; }
    QComboBox *inspectCombo() const { return m_inspectAs; }
    QPlainTextEdit *inspector() const { return m_inspector; }
    QLabel *statusLabel() const { return m_status; }
    service::ShardFollower *reader() const { return m_reader; }

  protected:
    void showEvent(QShowEvent *event) override;

  private:
    void startOrStop();
    void updateStatus();
    void showCurrent();
    void updateInputs();

    service::StreamBackend &m_backend;
    QString m_stream;
    QString m_streamArn;
    bool m_listing = false;
    QComboBox *m_readWith;
    QComboBox *m_shard;
    QComboBox *m_type;
    std::int64_t m_streamCreatedMs = 0; ///< the earliest shard's creation: the stream's
    QLineEdit *m_sequence;
    QDateTimeEdit *m_timestamp;
    QComboBox *m_mode;
    QSpinBox *m_poll;
    QPushButton *m_start;
    QPushButton *m_nextPage;
    QPushButton *m_copyCli;
    QLineEdit *m_filter;
    QPushButton *m_exportCsv;
    QPushButton *m_exportJson;
    QTableView *m_view;
    RecordTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QComboBox *m_inspectAs;
    QPlainTextEdit *m_inspector;
    QLabel *m_status;
    QLabel *m_readWithHint;
    service::ShardFollower *m_reader = nullptr;
};

} // namespace shs::ui
