// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// PublishPanel: write to the selected stream by hand.
//  - One record: partition key, optional ExplicitHashKey, data as text, JSON (checked) or hex;
//    PutRecord's answer (shard and sequence number) or its refusal, inline.
//  - Generators: rate, record size, distinct keys and their distribution, payload template,
//    retry of throttled records; several may run at once, each with its acknowledged,
//    throttled and failed counts.
//  - Or a file tailed as the Kinesis Agent tails it (TailFileForm, producer::FileTailRun), with
//    its lines read, records sent and lag, in the same table.
#include "producer/file_tail_run.h"
#include "producer/generator_run.h"

#include "pages/stream_page.h"
#include "service/stream_backend.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace shs::ui {

class TailFileForm;

class PublishPanel : public QWidget, public StreamPage
{
    Q_OBJECT
  public:
    enum class DataFormat { Text, Json, Hex };

    explicit PublishPanel(service::StreamBackend &backend, QWidget *parent = nullptr);
    ~PublishPanel() override;

    void setStream(const QString &streamName);

    QString viewName() const override { return QStringLiteral("publish"); }
    QString title() const override { return tr("Publish"); }
    QWidget *content() override { return scrolledPage(this); }
    void showStream(const core::StreamInfo *stream) override
    {
        setStream(stream ? QString::fromStdString(stream->name) : QString());
    }
    QString stream() const { return m_stream; }

    /// The bytes the data field holds in `format`, or the reason it cannot be sent.
    static std::optional<std::string> encode(const QString &text, DataFormat format,
                                             QString *error);

    // For tests and automation.
    QLineEdit *partitionKeyEdit() const { return m_partitionKey; }
    QLineEdit *explicitHashKeyEdit() const { return m_explicitHashKey; }
    QPlainTextEdit *dataEdit() const { return m_data; }
    QComboBox *formatCombo() const { return m_format; }
    QPushButton *sendButton() const { return m_send; }
    QPushButton *copyCliButton() const { return m_copyCli; }
    QLabel *resultLabel() const { return m_result; }
    QDoubleSpinBox *rateSpin() const { return m_rate; }
    QSpinBox *sizeSpin() const { return m_size; }
    QSpinBox *keysSpin() const { return m_keys; }
    QComboBox *distributionCombo() const { return m_distribution; }
    QDoubleSpinBox *zipfSpin() const { return m_zipf; }
    QComboBox *templateCombo() const { return m_template; }
    QCheckBox *retryBox() const { return m_retry; }
    /// SDK (PutRecords) or KPL (the KPL-style producer: aggregated, collected, always retried).
    QComboBox *producerCombo() const { return m_path; }
    QPushButton *startButton() const { return m_start; }
    /// Generated records, or a file tailed.
    QComboBox *sourceCombo() const { return m_source; }
    TailFileForm *tailForm() const { return m_tail; }
    QList<producer::FileTailRun *> tailRuns() const { return m_tailList; }
    void stopTail(producer::FileTailRun *run);
    QTableWidget *runsTable() const { return m_runs; }
    QList<producer::GeneratorRun *> runs() const { return m_runList; }
    void stopRun(producer::GeneratorRun *run);

  Q_SIGNALS:
    /// The user started a generator, or stopped one (the lesson builder records both).
    void generatorStarted(producer::GeneratorRun *run);
    void generatorStopped(producer::GeneratorRun *run);

  private:
    void sendOne();
    /// " Held by us-east-1a, us-east-1b, us-east-1c." for an acknowledgement (embedded engine).
    QString heldBy() const;
    /// The PutRecord the form describes, or nullopt with the reason shown.
    std::optional<core::PutRecordRequest> formRequest();
    void copyAsCli();
    void startGenerator();
    void startTail();
    void refreshTail(producer::FileTailRun *run);
    /// A row for a new run: its stream, what it is, empty counts and a Stop button.
    int addRow(QObject *run, const QString &what, const std::function<void()> &stop);
    void refreshRun(producer::GeneratorRun *run);
    /// A KPL-path run: user records against Kinesis records, and what aggregation saved.
    void refreshKplRun(int row, const producer::GeneratorRun &run);
    /// A run's state text, with its last error, and the tooltip that adds why.
    void showState(int row, QString state, const QString &why, const QString &lastError);

    service::StreamBackend &m_backend;
    QString m_stream;
    QLabel *m_title;
    QLineEdit *m_partitionKey;
    QLineEdit *m_explicitHashKey;
    QPlainTextEdit *m_data;
    QComboBox *m_format;
    QPushButton *m_send;
    QPushButton *m_copyCli;
    QLabel *m_result;
    QDoubleSpinBox *m_rate;
    QSpinBox *m_size;
    QSpinBox *m_keys;
    QComboBox *m_distribution;
    QDoubleSpinBox *m_zipf;
    QComboBox *m_template;
    QCheckBox *m_retry;
    QComboBox *m_path;
    QPushButton *m_start;
    QComboBox *m_source;
    QWidget *m_generated; ///< the generator's settings, hidden while a file is the source
    TailFileForm *m_tail;
    QTableWidget *m_runs;
    QList<QObject *> m_rows; ///< each row's run: a GeneratorRun or a FileTailRun
    QList<producer::GeneratorRun *> m_runList;
    QList<producer::FileTailRun *> m_tailList;
    std::uint64_t m_seed = 1;
};

} // namespace shs::ui
