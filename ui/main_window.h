// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MainWindow: the workbench. It lists the streams of the backend and hosts the selected stream's
// overview (details, hash-key bar, routing) and pages (shards, lineage, publish, consume,
// throughput, heat map, consumers: StreamPage, each its own controller); its own work is the
// chrome — the toolbar's stream actions and dialogs, the menus, notices, the engine clock — and
// handing the pages the selected stream and the live metrics. It talks to the engine only through
// StreamBackend; live data arrives through the FramePump.
#include "consumer/consumer_application.h"
#include "engine/snapshot.h"
#include "lesson/lesson.h"
#include "lessons/lessons_page.h"
#include "pages/stream_page.h"
#include "service/alarm_monitor.h"
#include "service/connection_control.h"
#include "service/endpoint_control.h"
#include "service/stream_backend.h"

#include <QMainWindow>

#include <functional>
#include <map>

class QAction;
class QComboBox;
class QLabel;
class QStackedWidget;
class QTableView;
class QTableWidget;
class QToolBar;
class QTimer;
class QTabWidget;
class QSplitter;
class QCloseEvent;
class QDockWidget;
class QSystemTrayIcon;
class QVBoxLayout;

namespace shs::ui {

class FramePump;
class HashRangeBar;
class RoutingExplainer;
class LineageView;
class PublishPanel;
class ConsumePanel;
class ConsumersPanel;
class AlarmsPage;
class ThroughputPanel;
class HeatMapPanel;
class HeatMapPage;
class LineagePage;
class ShardsPage;
class StreamOverview;
class StreamPage;
class ThroughputPage;
class StreamListModel;
class LiveMetrics;
class Spotlight;
class PresenterMode;
class LessonBuilder;

class MainWindow : public QMainWindow
{
    Q_OBJECT
  public:
    explicit MainWindow(service::StreamBackend &backend, QWidget *parent = nullptr);
    ~MainWindow() override;

    // For tests and automation.
    StreamListModel *streamModel() const { return m_model; }
    LiveMetrics *liveMetrics() const { return m_live; }
    QTableView *streamView() const { return m_streamView; }
    QTableWidget *shardTable() const;
    QAction *newStreamAction() const { return m_newStream; }
    QAction *deleteStreamAction() const { return m_deleteStream; }
    QAction *capacityAction() const { return m_capacity; }
    QAction *retentionAction() const { return m_retention; }
    QAction *tagsAction() const { return m_tags; }
    QAction *settingsAction() const { return m_settings; }
    QAction *encryptionAction() const { return m_encryption; }
    /// View > Appearance: Follow the system, Light, Dark (data: ColorScheme).
    QList<QAction *> appearanceActions() const { return m_appearanceActions; }
    QLabel *banner() const { return m_banner; }
    QStackedWidget *pages() const { return m_pages; }
    FramePump *framePump() const { return m_pump; }
    QComboBox *speedCombo() const { return m_speed; }
    QComboBox *limitsCombo() const { return m_limits; }
    HashRangeBar *hashBar() const;
    RoutingExplainer *routingExplainer() const;
    LineageView *lineageView() const;
    PublishPanel *publishPanel() const { return m_publish; }
    ConsumePanel *consumePanel() const { return m_consume; }
    ConsumersPanel *consumersPanel() const { return m_consumers; }
    /// Where consumer applications keep their lease tables (the composition root decides).
    void setLeaseTableOpener(consumer::LeaseTableOpener opener);
    /// The embedded engine's alarms (none on a remote endpoint): the Alarms tab, a badge on the
    /// streams with an alarm in ALARM, and a notification when one changes state.
    void setAlarmMonitor(service::AlarmMonitor *monitor);
    AlarmsPage *alarmsPage() const { return m_alarmsPage; }
    QTabWidget *shardTabs() const { return m_shardTabs; }
    ThroughputPanel *throughputPanel() const;
    QLabel *detailsLabel() const;
    HeatMapPanel *heatMapPanel() const;
    /// Shows the page lesson files call `viewName` ("shards", "throughput", …); false if none is.
    bool showPage(const QString &viewName);
    /// The view name of the page shown.
    QString currentPageName() const;
    /// The selected stream's pages, in tab order.
    const std::vector<StreamPage *> &streamPages() const { return m_streamPages; }
    /// Seconds of metrics the Throughput and Heat map tabs show.
    static constexpr int kMetricsSeconds = kLiveSeconds;
    /// Lets the window start and stop the local Kinesis endpoint (Endpoint… in the toolbar);
    /// without one (a remote backend, tests) the action is hidden.
    void setEndpointControl(service::EndpointControl *control);
    QAction *endpointAction() const { return m_endpointAction; }
    /// Lets the window switch between the embedded engine and Kinesis endpoints (Connect…, Ctrl+O);
    /// without one (tests) the action is hidden.
    void setConnectionControl(service::ConnectionControl *control);
    QAction *connectAction() const { return m_connectAction; }
    /// The remote backend's notice (polling backed off, endpoint unreachable, reads slowed).
    QLabel *backendNotice() const { return m_backendNotice; }
    QLabel *connectionBadge() const { return m_connectionBadge; }
    /// Asks the user to confirm a change (a modal question by default; tests replace it).
    void setConfirmer(std::function<bool(const QString &title, const QString &text)> confirm)
    {
        m_confirm = std::move(confirm);
    }
    /// Deletes without asking (the action asks first).
    void deleteStream(const QString &name);
    void selectStream(const QString &name);
    QString selectedStream() const;
    /// True once the window shows a snapshot of the backend.
    bool hasSnapshot() const { return m_snapshot != nullptr; }

    /// Lets the window open lessons (Lessons…, Ctrl+Shift+L, and the first launch's empty state);
    /// without one (tests, lesson windows) they are hidden.
    void setLessonOpener(LessonsPage::Opener opener);
    QAction *lessonsAction() const { return m_lessonsAction; }
    /// The empty state's list of lessons (nullptr without an opener).
    LessonsPage *emptyLessons() const { return m_emptyLessons; }
    /// Makes this a lesson's window: the panel docks on the right (PageDown / PageUp step it), the
    /// title names the lesson, and nothing of this window is remembered in the settings.
    void setLessonPanel(QWidget *panel, const QString &lessonTitle);
    QDockWidget *lessonDock() const { return m_lessonDock; }
    /// Learn > Record a lesson…: the lesson builder, docked on the right (created on first use).
    LessonBuilder *openLessonBuilder();
    QAction *recordLessonAction() const { return m_recordLessonAction; }
    /// Outlines the part of the window a lesson step talks about (nullopt: nothing), switching to
    /// its tab and selecting the step's stream first.
    void highlight(const std::optional<lesson::Highlight> &what);
    Spotlight *spotlight() const { return m_spotlight; }
    /// View > Presenter mode (F5): full screen, zoomed, chrome hidden, for a projector.
    PresenterMode *presenter() const { return m_presenter; }

  Q_SIGNALS:
    /// A snapshot of the backend has been shown (the first one makes the window interactive).
    void snapshotApplied();

  protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

  private:
    void buildUi();
    void buildToolbar();
    /// Where the window works (the remote badge), the engine speed and the limits profile.
    void buildEngineControls(QToolBar *tools);
    QWidget *buildEmptyPage();
    /// The stream list beside the selected stream's overview and pages.
    QWidget *buildStreamPage();
    /// Every toolbar action and page with its shortcut, and the appearance.
    void buildMenus();
    void applySnapshot(const core::SnapshotPtr &snapshot);
    void showSelected();
    void newStream();
    void confirmDelete();
    void openCapacity();
    void openRetention();
    void openTags();
    void openSettings();
    void openEncryption();
    void openEndpoint();
    void openConnection();
    const core::StreamInfo *selectedInfo() const;
    void showNotice(const QString &text, bool error);
    void updateClock();
    void updateLive();
    void restoreSettings();
    void saveSettings() const;

    service::StreamBackend &m_backend;
    service::ConnectionControl *m_connection = nullptr;
    QAction *m_connectAction = nullptr;
    QLabel *m_backendNotice = nullptr;
    QLabel *m_connectionBadge = nullptr;
    FramePump *m_pump;
    StreamListModel *m_model;
    core::SnapshotPtr m_snapshot;
    QStackedWidget *m_pages = nullptr;
    QTableView *m_streamView = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_notice = nullptr;
    QLabel *m_clock = nullptr;
    QComboBox *m_speed = nullptr;
    QComboBox *m_limits = nullptr;
    QLabel *m_limitsLabel = nullptr;
    StreamOverview *m_overview = nullptr;
    ShardsPage *m_shardsPage = nullptr;
    LineagePage *m_lineagePage = nullptr;
    PublishPanel *m_publish = nullptr;
    QAction *m_capacity = nullptr;
    QAction *m_retention = nullptr;
    QAction *m_tags = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_encryption = nullptr;
    QAction *m_endpointAction = nullptr;
    service::EndpointControl *m_endpoint = nullptr;
    QLabel *m_endpointLabel = nullptr;
    QList<QAction *> m_appearanceActions;
    ConsumePanel *m_consume = nullptr;
    ConsumersPanel *m_consumers = nullptr;
    AlarmsPage *m_alarmsPage = nullptr;
    service::AlarmMonitor *m_alarmMonitor = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    /// An alarm changed state: said in the status bar, and on the desktop when it can be.
    void notifyAlarm(const alarms::HistoryItem &item);
    QTabWidget *m_shardTabs = nullptr;
    std::function<bool(const QString &, const QString &)> m_confirm;
    LiveMetrics *m_live = nullptr;
    ThroughputPage *m_throughputPage = nullptr;
    HeatMapPage *m_heatPage = nullptr;
    std::vector<StreamPage *> m_streamPages;
    QSplitter *m_split = nullptr;
    QString m_creating;      ///< created here and not yet ACTIVE (the notice says CREATING)
    QString m_restoreStream; ///< the stream selected last time, selected when it appears
    QAction *m_newStream = nullptr;
    QAction *m_deleteStream = nullptr;
    qint64 m_lastClockSecond = -1;
    QAction *m_lessonsAction = nullptr;
    QVBoxLayout *m_emptyLayout = nullptr;
    LessonsPage::Opener m_lessonOpener;
    LessonsPage *m_emptyLessons = nullptr;
    QDockWidget *m_lessonDock = nullptr;
    QAction *m_recordLessonAction = nullptr;
    QDockWidget *m_builderDock = nullptr;
    LessonBuilder *m_builder = nullptr;
    Spotlight *m_spotlight = nullptr;
    PresenterMode *m_presenter = nullptr;
    std::optional<lesson::Highlight> m_highlight;
    bool m_persistent = true; ///< false for lesson windows: the user's settings are not touched
};

} // namespace shs::ui
