// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ConsumersPanel: the read side of the selected stream.
//
// - A consumer application as the KCL runs it (core/consumer): a name, N workers, a processor,
//   checkpoint and lease settings; then the hash-key space coloured by lease owner, the workers
//   (state, leases, records, leases taken, stolen and lost) with Add, Stop (graceful), Kill and
//   Pause (past the lease duration: a zombie), the lease table with the KCL's attribute names,
//   the totals (deliveries, distinct records, duplicates and what explains them) and the log of
//   what the workers did with their leases. It keeps running when another stream is selected.
// - The stream's enhanced fan-out consumers (ListStreamConsumers, refreshed while shown), with
//   Register… and Deregister, beside the read budgets of every shard (ReadBudgetView): the
//   polling readers sharing 5 calls/s and 2 MiB/s, each consumer's subscription with its own.
//
// The application's time is an injected clock (the system clock unless a test sets one), its
// ticks a 50 ms timer; the lease table comes from the opener the window was given.
#include "consumer/consumer_application.h"

#include "engine/clock.h"
#include "pages/stream_page.h"
#include "service/stream_backend.h"

#include <QWidget>

#include <map>
#include <memory>
#include <string>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace shs::ui {

class LeaseOwnerBar;
class ReadBudgetView;

class ConsumersPanel : public QWidget, public StreamPage
{
    Q_OBJECT
  public:
    explicit ConsumersPanel(service::StreamBackend &backend, QWidget *parent = nullptr);
    ~ConsumersPanel() override;

    /// The stream that Start consumes and whose EFO consumers are listed.
    void setStream(const QString &name, const QString &arn);

    QString viewName() const override { return QStringLiteral("consumers"); }
    QString title() const override { return tr("Consumers"); }
    QWidget *content() override { return scrolledPage(this); }
    void showStream(const core::StreamInfo *stream) override
    {
        if (stream)
            setStream(QString::fromStdString(stream->name), QString::fromStdString(stream->arn));
        else
            setStream({}, {});
    }
    void setLeaseTableOpener(consumer::LeaseTableOpener opener) { m_opener = std::move(opener); }
    /// The application's clock (tests); the system clock by default.
    void setClock(const core::Clock *clock) { m_clock = clock; }

    /// Starts an application from the form; false with the reason shown inline.
    bool start();
    /// Stops every worker gracefully.
    void stopAll();
    /// Refreshes the views from the application now (a timer does it 4 times a second).
    void refresh();
    /// Lists the stream's EFO consumers now.
    void listConsumers();
    /// Registers an EFO consumer of the stream.
    void registerConsumer(const QString &name);
    void deregisterConsumer(const QString &arn);

    // For tests and automation.
    consumer::ConsumerApplication *application() const { return m_app.get(); }
    QLineEdit *applicationEdit() const { return m_appName; }
    QSpinBox *workersSpin() const { return m_workers; }
    QComboBox *processorCombo() const { return m_processor; }
    QLineEdit *processorArgument() const { return m_processorArg; }
    QSpinBox *checkpointRecordsSpin() const { return m_checkpointRecords; }
    QSpinBox *checkpointSecondsSpin() const { return m_checkpointSeconds; }
    QSpinBox *leaseSecondsSpin() const { return m_leaseSeconds; }
    QSpinBox *pauseSecondsSpin() const { return m_pauseSeconds; }
    QPushButton *startButton() const { return m_start; }
    QCheckBox *fanOutCheck() const { return m_fanOut; }
    QPushButton *addWorkerButton() const { return m_addWorker; }
    QPushButton *stopWorkerButton() const { return m_stopWorker; }
    QPushButton *killWorkerButton() const { return m_killWorker; }
    QPushButton *pauseWorkerButton() const { return m_pauseWorker; }
    QTableWidget *workersTable() const { return m_workersTable; }
    QTableWidget *leaseTable() const { return m_leaseTable; }
    LeaseOwnerBar *ownerBar() const { return m_bar; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *errorLabel() const { return m_error; }
    /// "Which worker processes this key?": a partition key in, its shard and that shard's lease
    /// owner out (and who last processed it).
    QLineEdit *keyEdit() const { return m_key; }
    QLabel *keyAnswer() const { return m_keyAnswer; }
    QPlainTextEdit *eventLog() const { return m_log; }
    QTableWidget *fanOutTable() const { return m_efoTable; }
    QLabel *fanOutStatus() const { return m_efoStatus; }
    QPushButton *registerButton() const { return m_register; }
    QPushButton *deregisterButton() const { return m_deregister; }
    ReadBudgetView *readBudgets() const { return m_budgets; }
    /// "Consumer application" and "Fan-out consumers and read budgets".
    QTabWidget *sections() const { return m_sections; }

  protected:
    void showEvent(QShowEvent *event) override;

  private:
    void showError(const QString &text);
    QString selectedWorker() const;
    void workerAction(const QString &verb);
    void updateButtons();

    service::StreamBackend &m_backend;
    consumer::LeaseTableOpener m_opener;
    const core::Clock *m_clock;
    QString m_stream;
    QString m_streamArn;
    std::unique_ptr<core::LeaseTable> m_table;
    std::unique_ptr<consumer::ConsumerApplication> m_app;
    QString m_appStream; ///< the stream the running application consumes
    std::int64_t m_logShown = 0;
    struct Rate
    {
        std::int64_t sinceMs = 0;
        std::int64_t processed = 0;
        double perSecond = 0;
    };
    std::map<std::string, Rate> m_rates; ///< records/s per worker

    QLineEdit *m_appName;
    QSpinBox *m_workers;
    QComboBox *m_processor;
    QLineEdit *m_processorArg;
    QComboBox *m_from;
    QCheckBox *m_fanOut;
    QSpinBox *m_checkpointRecords;
    QSpinBox *m_checkpointSeconds;
    QSpinBox *m_leaseSeconds;
    QSpinBox *m_pauseSeconds;
    QPushButton *m_start;
    QLabel *m_error;
    QLabel *m_summary;
    LeaseOwnerBar *m_bar;
    QLineEdit *m_key;
    QLabel *m_keyAnswer;
    void answerKey();
    QTableWidget *m_workersTable;
    QPushButton *m_addWorker;
    QPushButton *m_stopWorker;
    QPushButton *m_killWorker;
    QPushButton *m_pauseWorker;
    QTableWidget *m_leaseTable;
    QPlainTextEdit *m_log;
    QTableWidget *m_efoTable;
    QLabel *m_efoStatus;
    QPushButton *m_register;
    QPushButton *m_deregister;
    ReadBudgetView *m_budgets;
    QTabWidget *m_sections;
    QTimer *m_refresh;
    QTimer *m_efoTimer;
    bool m_listing = false;
};

} // namespace shs::ui
